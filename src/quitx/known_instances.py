"""The Mastodon instances quitx knows: which it checks by default, which it proposes to whom, and why.

One entry per instance, in the order the plan prefers them: instances for an audience (public bodies,
research) before the general ones. The settings' default instances (`quitx.config.DEFAULT_INSTANCES`),
the plan's home instance (`quitx.plan.home`) and the letter's registration modes
(``${sngf_registrations}``, ``${piaille_registrations}``) are all read from here. The letter's prose
about these instances stays in its content files (``letter/content/*/alternatives*.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ._urls import host_within
from .i18n import Msg
from .i18n.sectors import sector_of
from .models import Institution, InstitutionKind

__all__ = [
    "CATALOGUE",
    "DEFAULT_INSTANCES",
    "Eligibility",
    "KnownInstance",
    "for_institution",
    "handle_domain",
    "not_proposed",
]

_STATE = frozenset({InstitutionKind.PUBLIC_ADMINISTRATION})
_RESEARCH = frozenset({InstitutionKind.RESEARCH, InstitutionKind.HIGHER_EDUCATION})
# public bodies that expect the State's instance: the plan says why it is not proposed to them
_PUBLIC = frozenset(
    {
        InstitutionKind.PUBLIC_ADMINISTRATION,
        InstitutionKind.LOCAL_GOVERNMENT,
        InstitutionKind.RESEARCH,
        InstitutionKind.HIGHER_EDUCATION,
        InstitutionKind.HOSPITAL,
        InstitutionKind.SCHOOL,
    }
)


class Eligibility(StrEnum):
    """Whether an institution may open an account on an instance, as far as quitx knows."""

    OPEN = "open"  # it may: the plan proposes the instance
    ON_LIST = "on_list"  # only if its domain is on a list quitx cannot read: said, not proposed
    EXCLUDED = "excluded"  # its rules leave the institution out: never proposed


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
    # who may register, where the instance's rules are narrower than an audience: the rule in words,
    # the domains whose holders may (for sure), the kinds that may be on its list of other domains
    members: Msg | None = None
    member_domains: tuple[str, ...] = ()
    maybe_members: frozenset[InstitutionKind] = frozenset()
    # of those, the kinds it is still proposed to (the plan says to check the list first)
    proposed_if_listed: frozenset[InstitutionKind] = frozenset()
    # kinds that would expect it: the plan says why it is not proposed to them
    explained_to: frozenset[InstitutionKind] = frozenset()

    @property
    def handle_domain(self) -> str:
        """The domain in its accounts' handles: ``@name@sciences.re`` lives on social.sciences.re."""
        return self.local_domain or self.host

    def eligibility(self, institution: Institution) -> Eligibility:
        """Whether ``institution`` may join: its country, then its domain where the rules name
        domains (one of them decides; any other may be on a list, for some sectors), else its sector
        (given, or read from its name: `quitx.i18n.sectors`)."""
        sector = sector_of(institution).sector
        if self.country is not None and institution.country.upper() != self.country:
            return Eligibility.EXCLUDED
        domain = institution.domain or ""
        if self.member_domains and domain and any(host_within(domain, d) for d in self.member_domains):
            return Eligibility.OPEN
        if self.member_domains:
            return Eligibility.ON_LIST if sector in self.maybe_members else Eligibility.EXCLUDED
        if self.audience is not None and sector not in self.audience:
            return Eligibility.EXCLUDED
        return Eligibility.OPEN

    def suits(self, institution: Institution) -> bool:
        """Whether the plan may propose it to ``institution``: it may join, or may be on its list
        and is of a kind the list is for."""
        eligibility = self.eligibility(institution)
        listed = (
            eligibility is Eligibility.ON_LIST and sector_of(institution).sector in self.proposed_if_listed
        )
        return eligibility is Eligibility.OPEN or listed


CATALOGUE: tuple[KnownInstance, ...] = (
    KnownInstance(
        "social.numerique.gouv.fr",
        Msg(
            "social.numerique.gouv.fr est l’instance de l’État (opérée par la DINUM), réservée à ses "
            "services et à leurs agents : son nom signale d’emblée un compte officiel",
            "social.numerique.gouv.fr is the French State's instance (run by DINUM), for its services and "
            "their staff: its name tells readers at once that the account is official",
        ),
        audience=_STATE,
        country="FR",
        checked_by_default=True,
        letter_key="sngf",
        # FACTS: for State services and agents since 2017 — .gouv.fr addresses and a list of public
        # domains (which quitx cannot read): other public bodies may be on it, a city or a region not
        members=Msg(
            "elle est réservée aux services de l’État et à leurs agents (adresses en .gouv.fr et "
            "domaines publics d’une liste)",
            "it is reserved to State services and their staff (.gouv.fr addresses and the public "
            "domains of a list)",
        ),
        member_domains=("gouv.fr",),
        maybe_members=frozenset(
            {
                InstitutionKind.PUBLIC_ADMINISTRATION,
                InstitutionKind.RESEARCH,
                InstitutionKind.HIGHER_EDUCATION,
                InstitutionKind.SCHOOL,
            }
        ),
        # a State service off .gouv.fr (an agency, an operator) is what its list is for
        proposed_if_listed=_STATE,
        explained_to=_PUBLIC,
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
    """The instances the plan proposes to ``institution``, best first: those made for it that it
    may join, then one general instance — its country's if there is one, else one for anyone."""
    suited = [k for k in CATALOGUE if k.suits(institution)]
    special = [k for k in suited if k.audience is not None or k.member_domains]
    general = [k for k in suited if k not in special]
    local = [k for k in general if k.country is not None]
    return (*special, *(local or general)[:1])


def not_proposed(institution: Institution) -> tuple[tuple[KnownInstance, Eligibility], ...]:
    """The instances ``institution`` would expect but may not join (or only if on a list), with
    why: the plan says so rather than stay silent."""
    out = []
    for known in CATALOGUE:
        eligibility = known.eligibility(institution)
        expected = sector_of(institution).sector in known.explained_to
        here = known.country is None or institution.country.upper() == known.country
        if eligibility is not Eligibility.OPEN and expected and here:
            out.append((known, eligibility))
    return tuple(out)


def handle_domain(host: str) -> str:
    """The domain in the handles of the accounts on ``host`` (the host itself unless the catalogue
    knows otherwise)."""
    known = _BY_HOST.get(host)
    return known.handle_domain if known else host
