"""Writing to and deleting from the system keyring (reading is `quitx.secrets.load_credentials`)."""

from __future__ import annotations

from ..errors import ErrorKind, LoginError
from ..i18n.messages import Lang
from ..models import Platform
from ..secrets import KEYRING_SERVICE, keyring_user
from . import wording as w

__all__ = ["forget", "remember", "stored"]

_ENGLISH = Lang("en")


def _keyring_failure(exc: Exception, platform: Platform, lang: Lang) -> LoginError:
    return LoginError(
        ErrorKind.MISSING_CREDENTIALS, lang(w.NO_KEYRING, error=type(exc).__name__), platform=platform
    )


def remember(platform: Platform, account: str, value: str, lang: Lang = _ENGLISH) -> str:
    """Store ``value`` for ``account``; the keyring user name it went under."""
    import keyring

    user = keyring_user(platform.value, account)
    try:
        keyring.set_password(KEYRING_SERVICE, user, value)
    except Exception as exc:  # no backend, a locked store, D-Bus down: say it, never a traceback
        raise _keyring_failure(exc, platform, lang) from None
    return user


def stored(platform: Platform, account: str, lang: Lang = _ENGLISH) -> bool:
    """Whether the keyring holds a credential for ``account``."""
    import keyring

    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_user(platform.value, account)) is not None
    except Exception as exc:
        raise _keyring_failure(exc, platform, lang) from None


def forget(platform: Platform, account: str, lang: Lang = _ENGLISH) -> bool:
    """Delete the credential stored for ``account``; False when there was none."""
    import keyring
    from keyring.errors import PasswordDeleteError

    user = keyring_user(platform.value, account)
    try:
        keyring.delete_password(KEYRING_SERVICE, user)
    except PasswordDeleteError:
        return False
    except Exception as exc:
        raise _keyring_failure(exc, platform, lang) from None
    return True
