"""The tables the link reader (`quitx.probes.links`) reads: the platforms' domains, the subdomains that
serve account pages, the sites whose ``/@user`` pages are not fediverse accounts, and each platform's
reserved first path segments (pages of the platform, not accounts). Data only."""

from __future__ import annotations

from ..models import LinkPlatform

__all__ = [
    "ACCOUNT_SUBDOMAINS",
    "FACEBOOK_RESERVED",
    "FACEBOOK_SUBDOMAINS",
    "INSTAGRAM_RESERVED",
    "LINKEDIN_KINDS",
    "NOT_FEDIVERSE",
    "NOT_FEDIVERSE_BRANDS",
    "PLATFORM_DOMAINS",
    "X_RESERVED",
    "YOUTUBE_RESERVED",
]

PLATFORM_DOMAINS: dict[str, LinkPlatform] = {
    "twitter.com": LinkPlatform.X,
    "x.com": LinkPlatform.X,
    "facebook.com": LinkPlatform.FACEBOOK,
    "fb.com": LinkPlatform.FACEBOOK,
    "fb.me": LinkPlatform.FACEBOOK,
    "instagram.com": LinkPlatform.INSTAGRAM,
    "instagr.am": LinkPlatform.INSTAGRAM,
    "threads.net": LinkPlatform.THREADS,
    "threads.com": LinkPlatform.THREADS,
    "linkedin.com": LinkPlatform.LINKEDIN,
    "youtube.com": LinkPlatform.YOUTUBE,
    "youtu.be": LinkPlatform.YOUTUBE,
    "youtube-nocookie.com": LinkPlatform.YOUTUBE,
    "tiktok.com": LinkPlatform.TIKTOK,
    "bsky.app": LinkPlatform.BLUESKY,
}

# the subdomains that serve account pages; others (developer., help., platform., go.bsky.app…) do not
ACCOUNT_SUBDOMAINS = frozenset({"", "www", "m", "mobile"})

FACEBOOK_SUBDOMAINS = frozenset({"web", "touch", "mbasic"})

# sites whose /@user (or /users/x) pages are not fediverse accounts
NOT_FEDIVERSE = frozenset(
    {
        "medium.com",
        "substack.com",
        "github.com",
        "gitlab.com",
        "behance.net",
        "dribbble.com",
        "flickr.com",
        "vimeo.com",
        "soundcloud.com",
        "linktr.ee",
        "spotify.com",
        "unsplash.com",
        "figma.com",
        "hashnode.com",
        "producthunt.com",
        "snapchat.com",
        "tumblr.com",
        "deviantart.com",
        "mixcloud.com",
        "dailymotion.com",
        "twitch.tv",
        "patreon.com",
        "stackoverflow.com",
        "stackexchange.com",
        "google.com",
        "apple.com",
        "wikipedia.org",
        "wikimedia.org",
    }
)

NOT_FEDIVERSE_BRANDS = frozenset({"pinterest", "threads"})  # under any TLD: pinterest.fr, threads.xyz

X_RESERVED = frozenset(
    {
        "i",
        "intent",
        "share",
        "home",
        "search",
        "hashtag",
        "explore",
        "settings",
        "login",
        "logout",
        "signup",
        "messages",
        "notifications",
        "compose",
        "tos",
        "privacy",
        "about",
        "download",
        "account",
        "widgets",
        "rules",
        "jobs",
        "help",
        "oauth",
        "personalization",
        "who_to_follow",
        "lists",
        "en",
        "fr",
    }
)

INSTAGRAM_RESERVED = frozenset(
    {
        "p",
        "reel",
        "reels",
        "tv",
        "explore",
        "accounts",
        "stories",
        "direct",
        "about",
        "developer",
        "legal",
        "web",
        "static",
        "emails",
        "challenge",
        "privacy",
        "terms",
        "session",
        "graphql",
        "api",
        "oauth",
        "ar",
        "create",
    }
)

FACEBOOK_RESERVED = frozenset(
    {
        "sharer.php",
        "sharer",
        "share.php",
        "share",
        "dialog",
        "plugins",
        "login",
        "login.php",
        "logout.php",
        "tr",
        "events",
        "watch",
        "photo.php",
        "photo",
        "photos",
        "permalink.php",
        "story.php",
        "hashtag",
        "help",
        "policies",
        "policy.php",
        "privacy",
        "legal",
        "ads",
        "business",
        "groups",
        "gaming",
        "marketplace",
        "search",
        "home.php",
        "reg",
        "r.php",
        "l.php",
        "notes",
        "media",
        "video.php",
        "videos",
        "messages",
        "notifications",
        "settings",
        "bookmarks",
        "friends",
        "fundraisers",
        "donate",
        "live",
        "apps",
        "developers",
        "careers",
        "about",
        "terms",
        "cookies",
        "recover",
        "checkpoint",
    }
)

LINKEDIN_KINDS = frozenset({"company", "school", "in", "showcase", "pub"})

YOUTUBE_RESERVED = frozenset(
    {
        "watch",
        "embed",
        "shorts",
        "playlist",
        "results",
        "feed",
        "live",
        "v",
        "redirect",
        "hashtag",
        "t",
        "about",
        "premium",
        "kids",
        "gaming",
        "account",
        "signin",
        "logout",
        "upload",
        "howyoutubeworks",
        "ads",
        "creators",
        "yt",
        "s",
        "attribution_link",
        "subscription_center",
        "watch_videos",
        "channel",
        "c",
        "user",
        "post",
        "clip",
    }
)
