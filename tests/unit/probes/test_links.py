"""What a URL names (quitx.probes.links): the accounts kept, with the handle the URL gives, and
the pages of a platform skipped; read through extract_links, as a homepage's links are."""

from __future__ import annotations

import pytest

from quitx.models import LinkPlatform, SocialLink
from quitx.probes.links import classify
from quitx.probes.website import extract_links

SITE = "https://univ-exemple.fr/"
DID = "did:plc:yk4dd2qkboz2yv6tpubpc6co"


def one(href: str, rel: str | None = None) -> SocialLink | None:
    """The link an ``<a href>`` gives, or None when it is skipped."""
    rel_attr = f' rel="{rel}"' if rel is not None else ""
    found = extract_links(f'<p><a href="{href}"{rel_attr}>link</a></p>', SITE)
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize(
    ("href", "platform", "handle"),
    [
        # X
        ("https://twitter.com/univexemple", LinkPlatform.X, "@univexemple"),
        ("https://x.com/univexemple", LinkPlatform.X, "@univexemple"),
        ("https://mobile.twitter.com/univexemple", LinkPlatform.X, "@univexemple"),
        ("https://www.x.com/UnivExemple/", LinkPlatform.X, "@UnivExemple"),
        ("https://x.com/@univexemple", LinkPlatform.X, "@univexemple"),
        ("http://twitter.com/#!/univexemple", LinkPlatform.X, "@univexemple"),
        ("https://x.com/univexemple/status/1234567890", LinkPlatform.X, "@univexemple"),
        ("https://twitter.com/intent/follow?screen_name=univexemple", LinkPlatform.X, "@univexemple"),
        ("https://x.com/univexemple?ref_src=twsrc%5Etfw", LinkPlatform.X, "@univexemple"),
        # Facebook
        ("https://www.facebook.com/univexemple", LinkPlatform.FACEBOOK, "@univexemple"),
        ("https://facebook.com/univ.exemple/", LinkPlatform.FACEBOOK, "@univ.exemple"),
        ("https://m.facebook.com/univexemple", LinkPlatform.FACEBOOK, "@univexemple"),
        ("https://fr-fr.facebook.com/univexemple", LinkPlatform.FACEBOOK, "@univexemple"),
        ("https://fb.com/univexemple", LinkPlatform.FACEBOOK, "@univexemple"),
        ("https://fb.me/univexemple", LinkPlatform.FACEBOOK, "@univexemple"),
        ("https://www.facebook.com/pg/univexemple/posts/", LinkPlatform.FACEBOOK, "@univexemple"),
        ("https://www.facebook.com/profile.php?id=100064", LinkPlatform.FACEBOOK, None),
        ("https://www.facebook.com/pages/Univ-Exemple/123456", LinkPlatform.FACEBOOK, None),
        ("https://www.facebook.com/p/Univ-Exemple-100064/", LinkPlatform.FACEBOOK, None),
        # Instagram
        ("https://www.instagram.com/univexemple/", LinkPlatform.INSTAGRAM, "@univexemple"),
        ("https://instagram.com/univ.exemple?hl=fr", LinkPlatform.INSTAGRAM, "@univ.exemple"),
        ("https://instagr.am/univexemple", LinkPlatform.INSTAGRAM, "@univexemple"),
        # Threads
        ("https://www.threads.net/@univexemple", LinkPlatform.THREADS, "@univexemple"),
        ("https://threads.com/@univexemple", LinkPlatform.THREADS, "@univexemple"),
        ("https://www.threads.net/@univexemple/post/C1a2b3", LinkPlatform.THREADS, "@univexemple"),
        # LinkedIn
        ("https://www.linkedin.com/company/univ-exemple/", LinkPlatform.LINKEDIN, "company/univ-exemple"),
        ("https://fr.linkedin.com/school/univ-exemple", LinkPlatform.LINKEDIN, "school/univ-exemple"),
        ("https://linkedin.com/in/jeanne-exemple", LinkPlatform.LINKEDIN, "in/jeanne-exemple"),
        ("https://www.linkedin.com/showcase/labo-exemple/", LinkPlatform.LINKEDIN, "showcase/labo-exemple"),
        # YouTube
        ("https://www.youtube.com/@univexemple", LinkPlatform.YOUTUBE, "@univexemple"),
        ("https://m.youtube.com/@univexemple/videos", LinkPlatform.YOUTUBE, "@univexemple"),
        ("https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv", LinkPlatform.YOUTUBE, None),
        ("https://www.youtube.com/c/UnivExemple", LinkPlatform.YOUTUBE, None),
        ("https://www.youtube.com/user/univexemple", LinkPlatform.YOUTUBE, None),
        ("https://www.youtube.com/univexemple", LinkPlatform.YOUTUBE, None),
        # TikTok
        ("https://www.tiktok.com/@univexemple", LinkPlatform.TIKTOK, "@univexemple"),
        ("https://tiktok.com/@univexemple/video/7300000000000000000", LinkPlatform.TIKTOK, "@univexemple"),
        # Bluesky: handle or DID, via parse_ref; a post link names its author
        ("https://bsky.app/profile/univ-exemple.fr", LinkPlatform.BLUESKY, "univ-exemple.fr"),
        ("https://bsky.app/profile/Univ-Exemple.FR", LinkPlatform.BLUESKY, "univ-exemple.fr"),
        ("https://bsky.app/profile/@univ-exemple.fr", LinkPlatform.BLUESKY, "univ-exemple.fr"),
        (f"https://bsky.app/profile/{DID}", LinkPlatform.BLUESKY, DID),
        ("https://bsky.app/profile/univ-exemple.fr/post/3kxyzabc", LinkPlatform.BLUESKY, "univ-exemple.fr"),
        ("https://www.bsky.app/profile/univ-exemple.fr", LinkPlatform.BLUESKY, "univ-exemple.fr"),
        # the fediverse, on any other host
        ("https://social.exemple.fr/@univexemple", LinkPlatform.MASTODON, "@univexemple@social.exemple.fr"),
        ("https://mastodon.social/@UnivExemple", LinkPlatform.MASTODON, "@univexemple@mastodon.social"),
        ("https://social.exemple.fr/@univ@sciences.re", LinkPlatform.MASTODON, "@univ@sciences.re"),
        (
            "https://social.exemple.fr/users/univexemple",
            LinkPlatform.MASTODON,
            "@univexemple@social.exemple.fr",
        ),
        (
            "https://social.exemple.fr/users/univexemple/statuses/1",
            LinkPlatform.MASTODON,
            "@univexemple@social.exemple.fr",
        ),
        (
            "https://social.exemple.fr/web/@univexemple",
            LinkPlatform.MASTODON,
            "@univexemple@social.exemple.fr",
        ),
        (
            "https://social.exemple.fr/@univexemple/1122334455",
            LinkPlatform.MASTODON,
            "@univexemple@social.exemple.fr",
        ),
        ("https://social.exemple.fr/%40univexemple", LinkPlatform.MASTODON, "@univexemple@social.exemple.fr"),
        (
            "https://misskey.exemple.fr/@univ_exemple",
            LinkPlatform.MASTODON,
            "@univ_exemple@misskey.exemple.fr",
        ),
    ],
)
def test_account_links_are_kept(href: str, platform: LinkPlatform, handle: str | None) -> None:
    link = one(href)
    assert link is not None, href
    assert link.platform is platform
    assert link.handle == handle
    assert link.url == href
    assert link.source == "a" and link.rel_me is False
    account = classify(href)  # the reader's verdict on the URL alone
    assert account is not None and (account.platform, account.handle) == (platform, handle)


@pytest.mark.parametrize(
    "href",
    [
        # share buttons and intents are not accounts
        "https://twitter.com/intent/tweet?text=Bonjour&url=https://univ-exemple.fr/",
        "https://twitter.com/share?url=https://univ-exemple.fr/",
        "https://x.com/share?url=https://univ-exemple.fr/",
        "https://x.com/intent/post?text=x",
        "https://twitter.com/home?status=x",
        "https://twitter.com/search?q=univ",
        "https://twitter.com/hashtag/rentree",
        "https://x.com/i/lists/123",
        "https://twitter.com/",
        "https://x.com/this_name_is_far_too_long",
        "https://developer.twitter.com/en/docs",
        "https://platform.twitter.com/widgets.js",
        "https://www.facebook.com/sharer/sharer.php?u=https://univ-exemple.fr/",
        "https://www.facebook.com/sharer.php?u=https://univ-exemple.fr/",
        "https://www.facebook.com/share.php?u=x",
        "https://www.facebook.com/dialog/share?app_id=1&href=x",
        "https://www.facebook.com/plugins/page.php?href=https://facebook.com/univ",
        "https://www.facebook.com/groups/univexemple",
        "https://www.facebook.com/events/123",
        "https://www.facebook.com/profile.php",
        "https://developers.facebook.com/docs",
        "https://www.instagram.com/p/Cabc123/",
        "https://www.instagram.com/reel/Cabc123/",
        "https://www.instagram.com/explore/tags/rentree/",
        "https://www.threads.net/univexemple",
        "https://www.threads.net/t/Cabc",
        "https://www.linkedin.com/shareArticle?mini=true&url=x",
        "https://www.linkedin.com/sharing/share-offsite/?url=x",
        "https://www.linkedin.com/feed/",
        "https://www.linkedin.com/posts/univ_exemple-activity-1",
        "https://www.linkedin.com/company/",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://www.youtube.com/shorts/abc",
        "https://www.youtube.com/playlist?list=PL123",
        "https://www.youtube.com/",
        "https://www.tiktok.com/tag/rentree",
        "https://www.tiktok.com/univexemple",
        "https://vm.tiktok.com/ZM123/",
        "https://bsky.app/",
        "https://bsky.app/search?q=univ",
        "https://bsky.app/profile/not_a_handle",
        "https://bsky.app/profile/handle.invalid",
        "https://go.bsky.app/abc",
        # /@user pages that are not the fediverse
        "https://medium.com/@univexemple",
        "https://blog.medium.com/@univexemple",
        "https://substack.com/@univexemple",
        "https://unsplash.com/@univexemple",
        "https://www.flickr.com/@univexemple",
        "https://vimeo.com/@univexemple",
        "https://www.pinterest.fr/@univexemple",
        "https://threads.exemple.fr/@univexemple",
        "https://github.com/users/univexemple",
        "https://stackoverflow.com/users/123/univ",
        "https://forum.exemple.fr/users/123",
        "https://forum.exemple.fr/users/univ/activity",
        # not a fediverse profile shape, or not a valid handle
        "https://social.exemple.fr/",
        "https://social.exemple.fr/about",
        "https://social.exemple.fr/@",
        "https://social.exemple.fr/@-bad-",
        "http://127.0.0.1/@univexemple",
        "https://localhost/@univexemple",
        # not web links at all
        "javascript:alert(1)",
        "  JavaScript:void(0)",
        "mailto:contact@univ-exemple.fr",
        "tel:+33100000000",
        "data:text/html,<a href=x>",
        "ftp://social.exemple.fr/@univexemple",
        "#top",
        "",
        # the site itself
        "https://univ-exemple.fr/@univexemple",
        "https://www.univ-exemple.fr/@univexemple",
        "/@univexemple",
        "@univexemple",
    ],
)
def test_other_links_are_skipped(href: str) -> None:
    assert one(href) is None
