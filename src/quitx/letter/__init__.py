"""The letter: French grammar, sourced claims, content blocks, and rendering to every format."""
