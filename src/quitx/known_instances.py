"""The Mastodon instances quitx knows: which it checks by default, which it proposes to whom, and why.

One entry per instance, in the order the plan prefers them: instances for an audience (public bodies,
research) before the general ones. The settings' default instances (`quitx.config.DEFAULT_INSTANCES`),
the plan's home instance (`quitx.plan.home`) and the letter's registration modes
(``${sngf_registrations}``, ``${piaille_registrations}``) are all read from here. The letter's prose
about these instances stays in its content files (``letter/content/*/alternatives*.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import Msg
from .i18n.sectors import sector_of
from .models import Institution, InstitutionKind

__all__ = ["CATALOGUE", "DEFAULT_INSTANCES", "KnownInstance", "for_institution", "handle_domain"]

_PUBLIC = frozenset({InstitutionKind.PUBLIC_ADMINISTRATION, InstitutionKind.LOCAL_GOVERNMENT})
_RESEARCH = frozenset({InstitutionKind.RESEARCH, InstitutionKind.HIGHER_EDUCATION})


@dataclass(frozen=True, slots=True)
class KnownInstance:
    """A Mastodon instance and what quitx does with it."""

    host: str  # the web host (where the API and the profiles live)
    why: Msg  # why the plan proposes it, in one sentence
    # the kinds of institution it is for; None: a general instance, for anyone
    audience: frozenset[InstitutionKind] | None = None
    # the country of the institutions it is for (ISO 3166 code); None: any country
    country: str | None = None
    # the domain its accounts' handles carry (Mastodon's LOCAL_DOMAIN), when it is not the host
    local_domain: str | None = None
    checked_by_default: bool = False  # one of the settings' default instances
    # its registration mode goes into the letter as ${<letter_key>_registrations}
    letter_key: str | None = None

    @property
    def handle_domain(self) -> str:
        """The domain in its accounts' handles: ``@name@sciences.re`` lives on social.sciences.re."""
        return self.local_domain or self.host

    def suits(self, institution: Institution) -> bool:
        """Whether the plan may propose it to ``institution`` (its sector — given, or read from its
        name — and its country)."""
        return (self.audience is None or sector_of(institution).sector in self.audience) and (
            self.country is None or institution.country == self.country
        )


CATALOGUE: tuple[KnownInstance, ...] = (
    KnownInstance(
        "social.numerique.gouv.fr",
        Msg(
            "social.numerique.gouv.fr est l’instance de l’État (opérée par la DINUM), destinée aux "
            "organismes publics : son nom signale d’emblée un compte officiel",
            "social.numerique.gouv.fr is the French State's instance (run by DINUM), for public bodies: "
            "its name tells readers at once that the account is official",
        ),
        audience=_PUBLIC,
        country="FR",
        checked_by_default=True,
        letter_key="sngf",
    ),
    KnownInstance(
        "social.sciences.re",
        Msg(
            "social.sciences.re (@…@sciences.re) réunit chercheurs et établissements francophones, dont "
            "le Collège de France",
            "social.sciences.re (@…@sciences.re) gathers French-speaking researchers and institutions, "
            "among them the Collège de France",
        ),
        audience=_RESEARCH,
        country="FR",
        local_domain="sciences.re",
    ),
    KnownInstance(
        "universites.social",
        Msg(
            "universites.social est hébergée sur les serveurs du réseau de la recherche",
            "universites.social is hosted on French research-network servers",
        ),
        audience=_RESEARCH,
        country="FR",
    ),
    KnownInstance(
        "piaille.fr",
        Msg(
            "piaille.fr est une grande instance généraliste francophone",
            "piaille.fr is a large general-purpose French-speaking instance",
        ),
        country="FR",
        checked_by_default=True,
        letter_key="piaille",
    ),
    KnownInstance(
        "mastodon.social",
        Msg(
            "mastodon.social est l’instance principale, gérée par Mastodon gGmbH",
            "mastodon.social is the flagship instance, run by Mastodon gGmbH",
        ),
    ),
)

# the instances a check asks when the settings name none
DEFAULT_INSTANCES: tuple[str, ...] = tuple(k.host for k in CATALOGUE if k.checked_by_default)

_BY_HOST = {k.host: k for k in CATALOGUE}


def for_institution(institution: Institution) -> tuple[KnownInstance, ...]:
    """The instances the plan proposes to ``institution``, best first: those made for its kind (in
    its country), then one general instance — its country's if there is one, else one for anyone."""
    suited = [k for k in CATALOGUE if k.suits(institution)]
    special = [k for k in suited if k.audience is not None]
    general = [k for k in suited if k.audience is None]
    local = [k for k in general if k.country is not None]
    return (*special, *(local or general)[:1])


def handle_domain(host: str) -> str:
    """The domain in the handles of the accounts on ``host`` (the host itself unless the catalogue
    knows otherwise)."""
    known = _BY_HOST.get(host)
    return known.handle_domain if known else host
