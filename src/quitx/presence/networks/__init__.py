"""The networks the check knows: each module or package here with a ``STRATEGY`` is one
(`quitx.presence.strategy.strategies` finds them; nothing else names them)."""
