"""quitx's own data (moving into base / accounts / report; import paths ``quitx.models.X`` stay)."""

from .report import *  # noqa: F403
from .report import __all__ as __all__
from .report import host_within as host_within
from .report import links_to as links_to
from .report import unusable_url as unusable_url
from .report import url_host as url_host
from .report import urls_on as urls_on
