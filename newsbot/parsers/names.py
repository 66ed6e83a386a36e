"""Names in byline text: byline words, roles, emails, handles and staff labels cut from a byline string, which is
split into the people it names; and whose a name is (a person's, an organisation's, the site's own), which
bylines.py asks of every name it finds."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from html import unescape
from typing import Any

from newsbot.items import Author
from newsbot.parsers.body import collapse
from newsbot.parsers.page import NON_WORD, Page, types_of
from newsbot.urls import site_name

# Chinese byline labels before a full-width colon: the editor in charge (which Chinese news sites print as the
# byline, often in parentheses), the author, the reporter.
CJK_BYLINE_LABEL = r"\(?(?:\u8d23\u4efb\u7f16\u8f91|\u8d23\u7f16|\u4f5c\u8005|\u8bb0\u8005)\s*[:\uff1a]"
# Byline words that are not part of anyone's name, in the languages news is most often written in.
BYLINE_PREFIX = re.compile(
    r"^(?:(?:view|see|show) all (?:posts|articles|stories) (?:by|of|from)|(?:zeige )?alle (?:beitr\u00e4ge|artikel)"
    r" von|tous les articles de|todos los art\u00edculos de|by|words by|written by|story by|reviewed by|posted by"
    r"|(?:gespeichert|eingestellt|erstellt|geschrieben|verfasst|alles|mehr|(?:zum )?profil) von"
    r"|(?:(?:ein|eine)\s+)?(?:blog\s?)?(?:artikel|beitrag|text|bericht|kolumne|kommentar|gastbeitrag) von"
    r"|(?:texte|texto|testo) (?:de|di)|about the author|more (?:from|by)"
    r"|post(?:ed)? author(?: by)?|publi\u00e9 par|escrito por|scritto da"
    r"|autor(?:in|en|es|e|i)?|auteurs?|authors?|von|par|por|di|door|av|af|przez)\s*:?\s+"
    rf"|^{CJK_BYLINE_LABEL}\s*",
    re.I,
)
# "and" in those languages; "A und B" is two people.
BYLINE_SPLIT = re.compile(r"\s*(?:,|;|&|\||\u3001)\s*|\s+(?:(?i:and)|und|og|och|et|y|e)\s+")
# Lowercase words inside names: "Ana de Vries", "Ursula von der Leyen", "Ali bin Omar".
NAME_PARTICLES = {"de", "da", "di", "do", "dos", "das", "del", "della", "du", "la", "le", "van", "von", "der", "den",
                  "ten", "ter", "zu", "y", "e", "bin", "ibn", "al", "el"}  # fmt: skip
# "Surname, Given" with one word each side (citation and Dublin Core meta write authors so).
SURNAME_FIRST = re.compile(r"^(?P<surname>[^\W\d_][\w'-]*),\s*(?P<given>[^\W\d_][\w'.-]*)$")
# After a name: "(obe)", a desk code or role in parentheses; "@handle", the author's social account; Korean
# "기자" (reporter) and "특파원" (correspondent), which follow the name.
PARENTHESIS = re.compile(r"\s*(?:\([^)]*\)?|@\w+)\s*$|\s+(?:\uae30\uc790|\ud2b9\ud30c\uc6d0)$")
# Not a name: a profile url or handle, a url slug ("sophie-foster"), a photo credit ("Image: Getty"), a bare "By".
NOT_A_NAME = re.compile(
    r"^(?:https?:|@)|^[a-z0-9]+(?:-[a-z0-9]+)+$|:|^(?i:by|von|par|por|di|door|av|af)$"
    r"|^(?i:ph\.?d|m\.?d|mba|msc|mph|r\.?d|r\.?n|dr)\.?$"  # "Grant Tinsley, PhD": a degree after the comma
    # a label the byline prints before the name, a placeholder for none, a date or count ("2020. 3 min read")
    r"|^(?i:text|texte|datum|date|auteur|autor|autorin|author|autore|foto|photo|bild|quelle|source|admin"
    r"|administrator|anonymous|unknown|no author|posted)$|^\d|\s(?i:von|by|par|de|di)$|[?!]"
)
UPDATED_BY = re.compile(r"\b(?:updated|edited|additional reporting|contributions?)\s+by\b.*$", re.I)
STAFF = re.compile(r"^(?:the\s+)?(?:[\w.&' -]+\s+)?staff(?:\s+(?:writer|reporter))?$", re.I)
LOGIN = re.compile(r"[a-z0-9]+(?:[._][a-z0-9]+)*")  # a CMS user name: lowercase, no space ("jo_park", "jopark")
EMAIL = re.compile(r"\S+@\S+\.\w+")
# A role the byline prints before the name ("Interview: Jo Park", "Redaktion: Jo Park"); a credit for an image is
# not the article's author.
LABEL = re.compile(
    r"^(?!(?:image|images|photo|photos|foto|fotos|bild|bilder|credit|quelle|source)\b)(?:[^\W\d_]+\s){0,2}"
    r"[^\W\d_]+\s*:\s+(?=\w)",
    re.I,
)

# Words only an organisation's name holds: legal forms, and what newsrooms, agencies and associations call
# themselves (also at the end of a compound: "Finanzmagazin", "Caritasverband").
ORGANISATION = re.compile(
    r"\b(?:e\.\s?V|GmbH|AG|SE|Ltd|Inc|LLC|S\.\s?A|Institut|Institute|Redaktion|Editorial|Team|News|Nachrichten"
    r"|Online|Media|Press|Presse|Agentur|Agency|Agenturen)\b|(?i:magazin|magazine|zeitung|verlag|stiftung|verband"
    r"|landesanstalt)\b"
)
DOMAIN_LIKE = re.compile(r"\w\.(?:com|net|org|de|at|ch|fr|it|es|nl|co\.uk|uk|info|io)\b", re.I)
# "The", "Die", "Le" before a newspaper's name that its host and og:site_name leave out.
LEADING_ARTICLE = re.compile(r"^(?i:the|die|der|das|le|la|les|el|il|lo|de|het|o|a|os|as)\s+")


def name_key(name: str) -> str:
    """A name with case, spaces and punctuation gone: "Example News" and "example-news" compare equal."""
    return NON_WORD.sub("", name.lower())


def names_person(name: str) -> bool:
    """Whether `name` reads as a person's: two or more words, each capitalised but for particles ("Ana de Vries"),
    or written in a script without capitals ("松岡大地"); not an acronym ("APA"), a lowercase desk code ("amw") or
    a label ("Themen bearbeiten")."""
    words = name.split()
    if not any(c.isupper() or c.islower() for c in name):
        return bool(name)
    return len(words) >= 2 and all(w[:1].isupper() or w in NAME_PARTICLES for w in words)


def author_names(text: str | None) -> list[str]:
    """Split a byline ("By A and B", "A, B & C") into names; drop "Updated by ...", emails and staff bylines."""
    text = UPDATED_BY.sub("", EMAIL.sub("", collapse(unescape(text or ""))))
    text = BYLINE_PREFIX.sub("", LABEL.sub("", text.strip(" ,;|-\u2192\u00bb")))
    surname_first = SURNAME_FIRST.match(text)
    if surname_first and all(capitalised(w) for w in surname_first.groups()):  # not "dpa, AFP": two agencies
        return [f"{surname_first['given']} {surname_first['surname']}"]  # "Brazil, Rachel", as catalogues write
    names = []
    for part in BYLINE_SPLIT.split(text):
        name = BYLINE_PREFIX.sub("", PARENTHESIS.sub("", part).strip(" ()[]-\u2013\u2014:\u2192\u00bb\u00a9"))
        if name and not NOT_A_NAME.search(name) and not STAFF.match(name) and any(c.isalpha() for c in name):
            names.append(once(name))
    return names


def once(name: str) -> str:
    """ "Jo Park Jo Park" -> "Jo Park": a byline that prints the name twice (a link and its label)."""
    words = name.split()
    half = len(words) // 2
    return " ".join(words[:half]) if len(words) % 2 == 0 and half > 1 and words[:half] == words[half:] else name


def prose(name: str) -> bool:
    """Several words in a script with capitals, none of them capitalised: words of a sentence, not a name."""
    words = name.split()
    return len(words) > 1 and any(c.islower() for c in name) and not any(c.isupper() for c in name)


def capitalised(word: str) -> bool:
    """ "Rachel", not "AFP" or "dpa"."""
    return word[:1].isupper() and word[1:].islower()


def unique_authors(found: Iterable[Author]) -> list[Author]:
    """Keep the first author of each name (case-insensitive), preferring one with a profile url."""
    unique: dict[str, Author] = {}
    for author in found:
        key = author.name.lower()
        if key not in unique or (unique[key].url is None and author.url):
            unique[key] = Author(author.name, author.url or unique.get(key, author).url)
    return list(unique.values())


def login_key(name: str) -> str:
    """ "Gàbor Muniér" and "gabor_munier" -> "gabormunier": accents, case, spaces and punctuation gone."""
    letters = unicodedata.normalize("NFKD", name)
    return re.sub(r"[\W_]+", "", "".join(c for c in letters if not unicodedata.combining(c)).lower())


def publisher_names(page: Page) -> set[str]:
    """Normalised names of the site itself (`site_names`) and of the organisations JSON-LD names as authors."""
    people = page.ld.get("author")
    names = [
        entity["name"]
        for entity in map(page.ref, people if isinstance(people, list) else [people])
        if _organisation(entity)
    ]
    return site_names(page) | {name_key(n) for n in names}


def site_names(page: Page) -> set[str]:
    """Normalised names of the site itself: og:site_name, application-name, the JSON-LD publisher, the host."""
    names = [page.meta_text("og:site_name"), page.meta_text("application-name"), site_name(page.url)]
    publisher = page.ref(page.ld.get("publisher"))
    # a personal blog names its author as publisher (typed Person): a person, not the site
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str) and "Person" not in types_of(publisher):
        names.append(publisher["name"])
    return {name_key(n) for n in names if n}


def _organisation(entity: Any) -> bool:
    """Whether a JSON-LD node is a named organisation (one typed Person as well is a person's blog: a person)."""
    if not isinstance(entity, dict) or not isinstance(entity.get("name"), str):
        return False
    found = types_of(entity)
    return "Person" not in found and bool(found & {"Organization", "NewsMediaOrganization"})


def is_person(name: str, publisher: set[str]) -> bool:
    """False for the publisher named as author ("Harbour1.at", "Coastline Times"), other organisations ("Web GmbH",
    "Die Redaktion"), domains and handles with digits."""
    key = name_key(name)
    return (
        bool(key)
        and not is_site(name, publisher)
        and not ORGANISATION.search(name)
        and not any(c.isdigit() for c in name)
    )


def is_site(name: str, publisher: set[str]) -> bool:
    """Whether `name` is the publisher's own ("Coastline Times", "harbour1.at", "Die Leuchte" of leuchte.at, "North
    Sea Radio" of nsr.example) or any domain."""
    key = name_key(name)
    words = name.split()
    return (
        key in publisher
        or name_key(LEADING_ARTICLE.sub("", name)) in publisher
        # the site's name written out, its host being the initials ("Harbour Daily Times" on hdt.example)
        or (len(words) > 1 and name_key("".join(w[:1] for w in words)) in publisher)
        or any(key == p + tld for p in publisher for tld in ("com", "de", "at"))
        or bool(DOMAIN_LIKE.search(name))
    )
