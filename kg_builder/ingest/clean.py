"""Remove page furniture and stray markup from article text.

Scraped news text carries more than the article: share buttons, comment
prompts, bylines, photo credits, breadcrumb trails, "read also" teasers and
related-article lists after the body. None of it is content, and some of it
is dangerous downstream (a teaser headline is a sentence about *another*
story, so relations read from it are false for this article).

The rules below work on the *shape* of a paragraph (a short line made only of
social-network names, a known marker phrase at the start of a short line, a
metadata label with no sentence after it), with marker phrases for the eight
supported languages. They never drop a paragraph that reads like a sentence
of the body, except in the tail after a clear end-of-article marker.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from kg_builder.ingest.markup import strip_markup
from kg_builder.models import normalize_text

__all__ = ["clean_text", "clean_title", "same_paragraph"]

#: A paragraph longer than this is never treated as furniture by a marker rule.
_MAX_FURNITURE_WORDS = 25
#: Cookie and copyright notices run longer, but not past this.
_MAX_NOTICE_WORDS = 60
#: Headline-shaped lines (teaser titles) are at most this many words.
_MAX_HEADLINE_WORDS = 22
#: An end-of-article marker ("Leave a Comment") needs this much text before it.
_MIN_BODY_CHARS = 400


def _alt(phrases: Iterable[str]) -> str:
    """One regex alternation; spaces in a phrase match any run of blanks."""
    parts = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)


# A lone "<" or ">" between two words is the remains of a link tag, not prose.
_STRAY_ANGLE = re.compile(r"(?<=[^\W\d_])\s+[<>]\s+(?=[^\W\d_])")
# "Moscow () –": a link or agency name removed from inside parentheses.
_EMPTY_PARENS = re.compile(r"\s*\(\s*\)|\s*\[\s*\]")
# No language puts a blank before a comma or full stop (French does before ; : ! ?).
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\w) +([,.])(?=\s|$)")

# --- paragraph shapes ---------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
_TOKEN = re.compile(r"[\w+]+(?:-[\w+]+)*")
_LETTER = re.compile(r"[^\W\d_]")
_CLOSERS = "\"'”’»«)]›‹“‘"
_SENTENCE_END = re.compile(r"[.!?…。！？][" + re.escape(_CLOSERS) + r"]*$")

# --- share buttons --------------------------------------------------------------

_NETWORKS = (
    "facebook twitter x linkedin pinterest whatsapp telegram email e-mail mail print reddit "
    "tumblr vk vkontakte вконтакте вк odnoklassniki одноклассники ok ок viber messenger skype "
    "pocket flipboard xing weibo wechat threads bluesky mastodon instagram youtube tiktok "
    "google+ google gmail sms tweet pin courriel imprimer drucken stampa drukuj imprimir "
    "печать друк почта пошта"
).split()
_SHARE_VERBS = (
    "share shares shared partager partagez condividi teilen compartir compartilhar udostępnij "
    "podziel поделиться поділитися поширити send senden envoyer invia enviar wyślij "
    "отправить надіслати copy copier copia kopiuj kopieren copiar копировать копіювати link "
    "lien collegamento enlace ссылка посилання follow suivez seguici folgen síguenos obserwuj"
).split()
_SHARE_FILLER = (
    "on via by this the article story page post to us auf sur su na en в у на по cet click tap "
    "questo dieses este artykuł artikel article статьей статтею opens in new window "
    "nouvelle fenêtre nowym oknie ссылкой"
).split()
_NETWORK_PREFIX = re.compile(
    r"^(?:facebook|twitter|linkedin|pinterest|whatsapp|telegram|instagram|youtube|tiktok)\w*$"
)


def _is_share_line(words: list[str]) -> bool:
    """A short line made only of social-network names and share verbs."""
    if not words or len(words) > 14:
        return False
    seen_network = False
    for w in words:
        if w in _NETWORKS or w in _SHARE_VERBS or _NETWORK_PREFIX.match(w):
            seen_network = True
        elif not (w in _SHARE_FILLER or w.isdigit()):
            return False
    return seen_network


# --- marker phrases (8 supported languages) --------------------------------------

# Prompts of the comment section and spam notices.
_COMMENT_PHRASES = (
    # en
    "leave a comment", "leave a reply", "post a comment", "add a comment", "add comment",
    "write a comment", "cancel reply", "your email address will not be published",
    "you must be logged in to post a comment", "required fields are marked",
    "this site uses akismet", "learn how your comment data is processed", "no comments yet",
    "be the first to comment", "join the conversation", "view comments", "show comments",
    # fr
    "laisser un commentaire", "laissez un commentaire", "ajouter un commentaire",
    "écrire un commentaire", "votre adresse e-mail ne sera pas publiée",
    "votre adresse de messagerie ne sera pas publiée", "ce site utilise akismet",
    "soyez le premier à commenter",
    # it
    "lascia un commento", "lascia una risposta", "aggiungi un commento", "scrivi un commento",
    "il tuo indirizzo email non sarà pubblicato", "questo sito usa akismet",
    "questo sito utilizza akismet",
    # pl
    "dodaj komentarz", "zostaw komentarz", "napisz komentarz", "skomentuj",
    "twój adres e-mail nie zostanie opublikowany", "twój adres email nie zostanie opublikowany",
    "ta strona używa akismet",
    # de
    "kommentar schreiben", "kommentar hinzufügen", "hinterlasse einen kommentar",
    "schreibe einen kommentar", "deine e-mail-adresse wird nicht veröffentlicht",
    "ihre e-mail-adresse wird nicht veröffentlicht", "diese website verwendet akismet",
    # es
    "deja un comentario", "dejar un comentario", "deja una respuesta", "añadir comentario",
    "escribe un comentario", "tu dirección de correo electrónico no será publicada",
    "este sitio usa akismet",
    # ru
    "оставить комментарий", "оставьте комментарий", "добавить комментарий",
    "написать комментарий", "ваш адрес email не будет опубликован",
    "ваш e-mail не будет опубликован",
    # uk
    "залишити коментар", "залиште коментар", "додати коментар", "написати коментар",
    "ваша адреса електронної пошти не буде опублікована",
)  # fmt: skip
# A bare "Comments (12)" heading.
_COMMENT_HEADINGS = (
    "comments", "comment", "commentaires", "commentaire", "commenti", "commento", "komentarze",
    "komentarz", "kommentare", "kommentar", "comentarios", "comentario", "комментарии",
    "комментарий", "коментарі", "коментар", "reply", "répondre", "rispondi", "odpowiedz",
    "antworten", "responder", "ответить", "відповісти",
)  # fmt: skip

# Markers that only ever follow the body (with the comment prompts above):
# once the body is over, everything after them is furniture.
_END_PHRASES = (
    "source link", "about the author", "share this", "like this", "partager cet article",
    "à propos de l'auteur", "condividi questo articolo", "l'autore", "udostępnij artykuł",
    "o autorze", "artikel teilen", "über den autor", "comparte este artículo",
    "sobre el autor", "поделиться статьей", "об авторе", "поділитися статтею", "про автора",
)  # fmt: skip

# Headings of lists of other stories. They also appear as boxes inside the
# body ("Новости по теме" between two paragraphs), so they end the article
# only when nothing but headlines and furniture follows them.
_RELATED_PHRASES = (
    # en
    "related posts", "related articles", "related stories", "related news", "related content",
    "related topics", "more news", "more stories", "more from", "more on this story",
    "you may also like", "you might also like", "recommended for you", "most read",
    "most popular", "trending now", "top stories", "latest news",
    # fr
    "articles similaires", "articles liés", "sur le même sujet", "dans la même rubrique",
    "les plus lus", "plus d'actualités", "vous aimerez aussi", "vous aimerez peut-être aussi",
    "à la une", "dernières actualités",
    # it
    "argomenti simili", "altre notizie", "articoli correlati", "notizie correlate",
    "potrebbe interessarti", "ti potrebbe interessare", "potrebbero interessarti",
    "i più letti", "più letti", "ultime notizie",
    # pl
    "podobne artykuły", "powiązane artykuły", "najczęściej czytane", "najpopularniejsze",
    "więcej informacji", "więcej na ten temat",
    # de
    "ähnliche artikel", "verwandte artikel", "mehr zum thema", "weitere artikel",
    "das könnte sie auch interessieren", "das könnte dich auch interessieren",
    "meistgelesen", "meistgelesene artikel", "weitere nachrichten",
    # es
    "noticias relacionadas", "artículos relacionados", "te puede interesar",
    "también te puede interesar", "lo más leído", "más noticias", "últimas noticias",
    # ru
    "похожие новости", "похожие статьи", "новости по теме", "другие новости",
    "самое читаемое", "последние новости", "главные темы", "главное",
    # uk
    "схожі новини", "схожі статті", "новини за темою", "інші новини", "найпопулярніше",
    "останні новини", "головні теми", "головне",
)  # fmt: skip

# Site notices: error reporting, copyright, consent.
_NOTICE_PHRASES = (
    "if you spot an error", "if you notice an error", "if you find an error",
    "if you spot a mistake", "if you notice a mistake", "all rights reserved", "by clicking",
    "vous avez repéré une erreur", "vous avez remarqué une erreur", "tous droits réservés",
    "en cliquant sur", "reproduction interdite",
    "hai trovato un errore", "avete notato un errore", "tutti i diritti riservati",
    "riproduzione riservata", "cliccando su",
    "zauważyłeś błąd", "znalazłeś błąd", "wszelkie prawa zastrzeżone", "klikając",
    "fehler gefunden", "alle rechte vorbehalten", "indem sie auf",
    "has visto un error", "¿has visto un error", "todos los derechos reservados",
    "al hacer clic",
    "если вы заметили ошибку", "нашли ошибку", "все права защищены", "нажимая на кнопку",
    "при использовании материалов", "при цитировании", "при перепечатке",
    "якщо ви помітили помилку", "знайшли помилку", "всі права захищені", "усі права захищені",
    "натискаючи кнопку", "при використанні матеріалів", "при цитуванні", "при передруку",
)  # fmt: skip

# "Read also: <headline of another story>"; in the middle of a body they are
# dropped with their headline, at the end they start the teaser block.
_TEASER_PHRASES = (
    # en
    "read also", "also read", "read more", "read next", "see also", "watch", "related",
    "recommended", "more",
    # fr
    "lire aussi", "à lire aussi", "lire également", "à lire également", "voir aussi",
    "à voir aussi", "lire la suite", "à lire",
    # it
    "leggi anche", "leggi pure", "vedi anche", "guarda anche", "leggi tutto", "leggi",
    # pl
    "czytaj też", "czytaj także", "czytaj również", "czytaj więcej", "zobacz też",
    "zobacz także", "zobacz również", "przeczytaj też", "przeczytaj także",
    "przeczytaj również", "czytaj dalej", "polecamy", "polecane", "najnowsze", "więcej",
    # de
    "lesen sie auch", "lesen sie mehr", "lesen sie weiter", "siehe auch", "auch interessant",
    "mehr lesen", "weiterlesen", "lies auch",
    # es
    "lee también", "leer también", "lea también", "ver también", "lee más", "leer más",
    "te recomendamos",
    # ru
    "читайте также", "читайте еще", "читайте ещё", "смотрите также", "см. также",
    "читать далее", "по теме", "рекомендуем",
    # uk
    "читайте також", "читати також", "дивіться також", "також читайте", "читати далі",
    "за темою", "рекомендуємо",
)  # fmt: skip

# Labels of picture credits and captions: "Photo: Reuters", "Foto: PAP <caption>".
_PHOTO_LABELS = (
    "photo", "photos", "photo credit", "image", "images", "picture", "illustration",
    "graphic", "crédit photo", "légende", "foto", "fotos", "immagine", "fot", "fot.",
    "zdjęcie", "zdjęcia", "ilustracja", "grafika", "bildquelle", "imagen", "фото",
    "изображение", "иллюстрация", "зображення", "ілюстрація",
)  # fmt: skip
# Labels whose value is a list of names: "Źródło: Moscow Times / Wall Street Journal".
# "Bild: <headline>" or "Video: <headline>" is not a credit (Bild is a newspaper).
_SOURCE_LABELS = (
    "source", "sources", "credit", "credits", "copyright", "video", "crédit", "crédits",
    "fonte", "fonti", "credito", "źródło", "źródła", "wideo", "quelle", "quellen", "bild",
    "fuente", "fuentes", "crédito", "источник", "источники", "видео", "джерело", "джерела",
    "відео",
)  # fmt: skip
# Inside a caption line only unambiguous labels count ("... Фото: EPA").
_CAPTION_LABELS = _PHOTO_LABELS + tuple(
    label for label in _SOURCE_LABELS if label not in {"bild", "video", "wideo", "видео", "відео"}
)
# Bylines and their equivalents.
_BYLINE_PHRASES = (
    "written by", "posted by", "published by", "reported by", "edited by", "story by",
    "photo by", "photos by", "video by", "words by", "by",
    "par", "écrit par", "publié par", "rédigé par", "par la rédaction", "propos recueillis par",
    "scritto da", "pubblicato da", "a cura di", "di",
    "napisał", "napisała", "opracował", "opracowała", "oprac.", "autor", "autorka",
    "geschrieben von", "von", "veröffentlicht von",
    "escrito por", "publicado por", "redactado por", "por",
    "автор", "автор статьи", "опубликовал", "опубликовала", "текст",
    "автор статті", "опублікував", "опублікувала", "автори",
)  # fmt: skip
# Metadata labels whose value (if any) is a date, a name or a list of tags.
_META_LABELS = (
    "published", "updated", "last updated", "posted", "posted on", "date", "modified",
    "tags", "tag", "topics", "category", "categories", "filed under", "author", "authors",
    "publié", "publié le", "mis à jour", "mis à jour le", "modifié", "étiquettes", "mots-clés",
    "catégorie", "catégories", "auteur", "auteurs",
    "pubblicato", "pubblicato il", "aggiornato", "aggiornato il", "data", "categoria",
    "categorie", "autore", "argomenti",
    "dodano", "aktualizacja", "zaktualizowano", "opublikowano", "data publikacji",
    "data dodania", "tagi", "kategoria", "kategorie", "tematy",
    "veröffentlicht", "veröffentlicht am", "aktualisiert", "aktualisiert am", "stand", "datum",
    "schlagwörter", "stichwörter", "themen", "rubrik",
    "publicado", "publicado el", "actualizado", "actualizado el", "fecha", "etiquetas",
    "categoría", "categorías", "temas",
    "опубликовано", "обновлено", "дата", "дата публикации", "теги", "метки", "категория",
    "рубрика", "темы",
    "опубліковано", "оновлено", "дата публікації", "мітки", "категорія", "теми",
)  # fmt: skip
# Advertising and navigation leftovers that stand on a line of their own.
_NAV_LINES = (
    "advertisement", "advertising", "sponsored", "sponsored content", "ad", "ads",
    "story continues below", "article continues below", "continue reading",
    "continue reading below", "scroll to continue", "skip to content", "skip to main content",
    "back to top", "menu", "search", "home", "previous article", "next article",
    "previous", "next", "print this article", "loading", "like loading",
    "publicité", "annonce", "article précédent", "article suivant", "accueil", "retour en haut",
    "pubblicità", "articolo precedente", "articolo successivo", "torna su",
    "reklama", "artykuł sponsorowany", "poprzedni artykuł", "następny artykuł",
    "strona główna", "do góry",
    "anzeige", "werbung", "vorheriger artikel", "nächster artikel", "startseite",
    "nach oben",
    "publicidad", "artículo anterior", "siguiente artículo", "artículo siguiente", "inicio",
    "volver arriba",
    "реклама", "предыдущая статья", "следующая статья", "главная", "наверх",
    "попередня стаття", "наступна стаття", "головна", "нагору",
)  # fmt: skip
_SUBSCRIBE_PHRASES = (
    "subscribe to", "sign up for", "sign up to", "follow us", "join our", "get our newsletter",
    "abonnez-vous", "inscrivez-vous", "suivez-nous", "iscriviti", "seguici",
    "zapisz się", "subskrybuj", "obserwuj nas", "zasubskrybuj",
    "abonnieren sie", "newsletter abonnieren", "folgen sie uns", "melden sie sich",
    "suscríbete", "suscríbase", "síguenos", "regístrate",
    "подписывайтесь", "подпишитесь", "читайте нас", "присоединяйтесь",
    "підписуйтесь", "підпишіться", "читайте нас у", "приєднуйтесь",
)  # fmt: skip
_COOKIE = re.compile(
    r"^(?:this (?:web)?site uses cookies|we use cookies|nous utilisons des cookies|"
    r"ce site utilise des cookies|questo sito (?:web )?(?:usa|utilizza) (?:i )?cookie|"
    r"utilizziamo (?:i )?cookie|(?:ta )?strona (?:używa|wykorzystuje)|używamy (?:plików )?cookie|"
    r"diese (?:web)?seite verwendet cookies|wir verwenden cookies|"
    r"este sitio (?:web )?utiliza cookies|utilizamos cookies|"
    r"(?:этот|наш) сайт использует|мы используем (?:файлы )?cookie|"
    r"(?:цей|наш) сайт використовує|ми використовуємо (?:файли )?cookie)",
    re.IGNORECASE,
)
_HOME_WORDS = (
    "home", "homepage", "accueil", "home page", "strona główna", "startseite", "start",
    "inicio", "portada", "главная", "головна", "news",
)  # fmt: skip

_COMMENT_RE = re.compile(rf"^\W*(?:{_alt(_COMMENT_PHRASES)})\b", re.IGNORECASE)
_COMMENT_HEAD_RE = re.compile(
    rf"^\W*(?:\d+\s+)?(?:{_alt(_COMMENT_HEADINGS)})\s*(?:\(?\d+\)?)?\s*:?\s*$", re.IGNORECASE
)
_END_RE = re.compile(rf"^\W*(?:{_alt(_END_PHRASES)})\b", re.IGNORECASE)
_RELATED_RE = re.compile(rf"^\W*(?:{_alt(_RELATED_PHRASES)})\b", re.IGNORECASE)
_NOTICE_RE = re.compile(rf"^\W*(?:{_alt(_NOTICE_PHRASES)})", re.IGNORECASE)
_TEASER_RE = re.compile(rf"^\W*(?:{_alt(_TEASER_PHRASES)})(?=[\s:：.\-–—|»>›]|$)", re.IGNORECASE)
_PHOTO_START_RE = re.compile(rf"^\W*(?:{_alt(_PHOTO_LABELS)})\s*[:：]", re.IGNORECASE)
_SOURCE_START_RE = re.compile(rf"^\W*(?:{_alt(_SOURCE_LABELS)})\s*[:：]", re.IGNORECASE)
_CREDIT_INSIDE_RE = re.compile(rf"(?:^|[\s(\[|/,])(?:{_alt(_CAPTION_LABELS)})\s*[:：]\s*\S|©", re.IGNORECASE)
# "(AP Photo/...)", "(Reuters)" closing a caption; agency names are case-sensitive.
_AGENCY_CREDIT_RE = re.compile(
    r"\(\s*(?:AP|AFP|Reuters|REUTERS|EPA|Getty Images|PAP|ANSA|dpa|EFE|ТАСС|РИА Новости|"
    r"УНІАН|Укрінформ)\b[^()]*\)\s*$"
)
_FILE_CAPTION_RE = re.compile(r"^\W*file(?:\s+photo)?\s*[-–—:]\s*\S|^file photo\b", re.I)
_BYLINE_RE = re.compile(rf"^(?:{_alt(_BYLINE_PHRASES)})\s*:?\s+\S", re.IGNORECASE)
_META_RE = re.compile(rf"^\W*(?:{_alt(_META_LABELS)})(?:\s*[:：](.*)|\s+(.*\d.*)|\s*)$", re.I)
_NAV_RE = re.compile(rf"^\W*(?:{_alt(_NAV_LINES)})\W*$", re.IGNORECASE)
_SUBSCRIBE_RE = re.compile(rf"^\W*(?:{_alt(_SUBSCRIBE_PHRASES)})\b", re.IGNORECASE)
_BREADCRUMB_SEP = re.compile(r"\s+[»›>→]\s+|\s+/\s+")
_HOME_RE = re.compile(rf"^(?:{_alt(_HOME_WORDS)})$", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def _is_headline_shaped(text: str) -> bool:
    """Short and without a closing full stop: a title, a teaser, a caption."""
    return len(_words(text)) <= _MAX_HEADLINE_WORDS and not _ends_sentence(text)


def _is_byline(text: str) -> bool:
    """'Written by Editor TLN', 'By Jane Doe', 'Autor: Jan Kowalski'."""
    m = _BYLINE_RE.match(text)
    if not m or _ends_sentence(text):
        return False
    rest = text[m.end() - 1 :].strip()
    words = _words(rest)
    if not words or len(words) > 6:
        return False
    head = text[: m.end() - 1].strip().lower().rstrip(":")
    # "By", "Von", "Di", "Por" start real sentences too ("By Monday, ..."), so the
    # name after them must look like a name: capitalised words only.
    if head in {"by", "par", "von", "di", "por", "текст"} and not all(
        w[0].isupper() or w.lower() in {"and", "und", "e", "y", "i", "и", "і", "de", "van"} for w in words
    ):
        return False
    return True


def _furniture_kind(text: str) -> str | None:
    """Classify one paragraph; ``None`` means it is (or may be) content."""
    if not _LETTER.search(text):
        return "symbols"
    words = _words(text)
    n = len(words)
    if n > _MAX_NOTICE_WORDS:
        return None
    low = text.lower()
    if n <= _MAX_FURNITURE_WORDS:
        if _is_share_line(_TOKEN.findall(low)):
            return "share"
        if _COMMENT_RE.match(text) or _COMMENT_HEAD_RE.match(text) or "akismet" in low:
            return "end"
        if _END_RE.match(text) and _is_marker_line(text, _END_RE, max_rest=6):
            return "end"
        if _RELATED_RE.match(text) and _is_marker_line(text, _RELATED_RE, max_rest=6):
            return "related"
        if _TEASER_RE.match(text) and _is_marker_line(text, _TEASER_RE):
            return "teaser"
        if _NAV_RE.match(text) or _is_menu(text):
            return "nav"
        if _SUBSCRIBE_RE.match(text):
            return "subscribe"
        if _FILE_CAPTION_RE.match(text):
            return "caption"
        if _PHOTO_START_RE.match(text):
            return "credit"
        source = _SOURCE_START_RE.match(text)
        if source and _is_name_list(text[source.end() :]):
            return "credit"
        if _is_byline(text):
            return "byline"
        meta = _META_RE.match(text)
        if meta and _is_meta_value(meta.group(1) if meta.group(1) is not None else meta.group(2)):
            return "meta"
        if not _ends_sentence(text) and (_CREDIT_INSIDE_RE.search(text) or _AGENCY_CREDIT_RE.search(text)):
            return "caption"
    if _COOKIE.match(text) or _NOTICE_RE.match(text):
        return "notice"
    return None


def _is_menu(text: str) -> bool:
    """'Home | World | Contact': short items between bars or bullets."""
    items = [item.strip() for item in re.split(r"\s[|•·]\s", text)]
    if len(items) < 2 or _ends_sentence(text):
        return False
    if any(not item or len(_words(item)) > 3 for item in items):
        return False
    return len(items) >= 3 or bool(_HOME_RE.match(items[0]))


def _is_name_list(value: str) -> bool:
    """'Reuters', 'Moscow Times / Wall Street Journal', 'novostivolgograda.ru'."""
    words = _words(value)
    if not words or len(words) > 12 or _ends_sentence(value.rstrip(".")):
        return False
    # Names are capitalised; short function words ("in", "в") and domains are not.
    return all(w[0].isupper() or w[0].isdigit() or len(w) <= 3 or "." in w for w in words)


def _is_marker_line(text: str, marker: re.Pattern[str], *, max_rest: int = 0) -> bool:
    """A marker phrase alone, or followed by a separator and a headline.

    "Read also: <headline>" and "Related articles" are markers; "Read more
    books, he said." is a sentence. Without a separator (or an all-caps
    marker) at most ``max_rest`` words may follow ("More from BBC").
    """
    m = marker.match(text)
    if m is None:
        return False
    rest = text[m.end() :]
    stripped = rest.lstrip(" :：.-–—|»>›").strip()
    if not stripped:
        return True
    if len(_words(stripped)) > _MAX_HEADLINE_WORDS:
        return False
    if re.match(r"\s*[:：\-–—|»>›]", rest):
        return True
    if _ends_sentence(stripped):
        return False
    return text[: m.end()].isupper() or len(_words(stripped)) <= max_rest


def _is_meta_value(value: str | None) -> bool:
    """The value after a metadata label: empty, a date, a name or a short tag list."""
    if value is None:
        return True
    value = value.strip()
    if not value:
        return True
    return len(_words(value)) <= 8 and not _ends_sentence(value.rstrip("."))


def _fold(text: str) -> str:
    """Comparison key for duplicate detection: case, blanks and end punctuation ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\W_]+", " ", text)
    return text.strip()


def _unwrap_hard_wrapped(lines: list[str]) -> list[str]:
    """Join lines of a hard-wrapped plain-text file back into paragraphs.

    A file wrapped at a fixed width (e-mail, wire copy, ``fmt``) breaks every
    sentence over several lines; each line would otherwise become a paragraph.
    A line is joined to the next when it is nearly as long as the wrap width.
    """
    lengths = [len(line) for line in lines if line.strip()]
    if len(lengths) < 6 or max(lengths) > 100 or "" not in [x.strip() for x in lines]:
        return lines
    width = sorted(lengths)[int(len(lengths) * 0.9)]
    if width < 50 or sum(1 for n in lengths if n >= 0.75 * width) < 0.5 * len(lengths):
        return lines
    out: list[str] = []
    joining = False
    for line in lines:
        stripped = line.strip()
        if joining and stripped:
            prev = out[-1]
            glue = "" if prev.endswith("-") and not prev.endswith(" -") else " "
            out[-1] = prev + glue + stripped
        else:
            out.append(stripped)
        joining = bool(stripped) and len(stripped) >= 0.75 * width
    return out


def _clean_line(line: str) -> str:
    line = " ".join(line.split())
    if not line:
        return ""
    line = _EMPTY_PARENS.sub("", line)
    if _breadcrumb_tail(line) is None:
        line = _STRAY_ANGLE.sub(" ", line)
    line = _SPACE_BEFORE_PUNCT.sub(r"\1", line)
    return line.strip()


def _breadcrumb_tail(line: str) -> str | None:
    """If ``line`` is a breadcrumb trail, return its last segment ('' if short).

    ``None`` means the line is not a breadcrumb. A trail is ``A » B » C`` with
    at least two separators and short leading segments, or one separator after
    a "Home" word.
    """
    parts = _BREADCRUMB_SEP.split(line)
    if len(parts) < 2:
        return None
    head = parts[:-1]
    if any(len(_words(p)) > 4 or len(p) > 40 or not p.strip() for p in head):
        return None
    if len(parts) == 2 and not _HOME_RE.match(head[0].strip()):
        return None
    if " / " in line and not _HOME_RE.match(head[0].strip()):
        return None  # "Reuters / AP / AFP" is a credit list, not a trail
    tail = parts[-1].strip()
    return tail if len(_words(tail)) >= 4 else ""


def clean_title(title: str) -> str | None:
    """A metadata title without markup, entities and runs of blanks (``None`` if empty)."""
    text = " ".join(strip_markup(title).split())
    return text or None


def same_paragraph(a: str, b: str) -> bool:
    """True when two paragraphs differ only in case, blanks and punctuation."""
    return _fold(a) == _fold(b)


def clean_text(text: str) -> str:
    """Return the article text without page furniture and stray markup.

    The result is in :func:`kg_builder.models.normalize_text` form (one
    paragraph per line). The first paragraph (the title, for plain-text
    files) is kept; a paragraph that repeats the one before it is dropped;
    share buttons, comment prompts, bylines, credits, captions, empty
    metadata labels, breadcrumb trails and teaser lines are dropped; after a
    post-body marker ("Source link", "Leave a Comment", "Related", "Czytaj
    też:" followed only by headlines and credits) the rest is dropped.
    Returns ``""`` when nothing readable is left.
    """
    text = strip_markup(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = _unwrap_hard_wrapped(text.split("\n"))
    paras = [p for p in (_clean_line(line) for line in lines) if p]
    if not paras:
        return ""

    # A breadcrumb trail in the first lines: the trail is furniture; its last
    # segment is the headline unless the next paragraph already is.
    for i in range(min(3, len(paras))):
        tail = _breadcrumb_tail(paras[i])
        if tail is None:
            continue
        nxt = paras[i + 1] if i + 1 < len(paras) else ""
        if i == 0 and tail and _fold(tail) != _fold(nxt):
            paras[i] = tail
        else:
            paras[i] = ""
    paras = [p for p in paras if p]

    kinds = [_furniture_kind(p) for p in paras]
    # The first paragraph is the title: only pure markup may remove it.
    if paras and kinds[0] not in (None, "symbols", "share", "nav", "meta", "byline"):
        kinds[0] = None
    keep = _drop_tail(paras, kinds)
    keep = _drop_teasers(paras, kinds, keep)

    out: list[str] = []
    previous_key = None
    for i, para in enumerate(paras):
        if not keep[i] or kinds[i] is not None:
            continue
        key = _fold(para)
        if key == previous_key:
            continue  # a title or caption printed twice in a row
        if kinds[i] is None and i + 1 < len(paras) and kinds[i + 1] == "caption":
            # "Name, role" then "Name, role Source: agency": the caption twice.
            if key and _fold(paras[i + 1]).startswith(key) and _is_headline_shaped(para):
                continue
        out.append(para)
        previous_key = key
    return normalize_text("\n".join(out))


def _drop_tail(paras: list[str], kinds: list[str | None]) -> list[bool]:
    """Find where the body ends and mark everything after it for removal."""
    n = len(paras)
    keep = [True] * n
    sizes = [len(p) for p in paras]
    # tail_like[i]: every paragraph from i on is furniture or headline-shaped.
    tail_like = [True] * (n + 1)
    for i in range(n - 1, -1, -1):
        tail_like[i] = tail_like[i + 1] and (kinds[i] is not None or _is_headline_shaped(paras[i]))
    before = 0
    for i in range(n):
        if i > 0 and kinds[i] is not None and kinds[i] != "symbols":
            # Comment prompts and "Source link" only ever follow the body: they
            # end the article as soon as some body precedes them.
            strong = kinds[i] == "end" and i >= 2 and before >= _MIN_BODY_CHARS
            if strong or tail_like[i + 1]:
                for j in range(i, n):
                    keep[j] = False
                break
        before += sizes[i]
    return keep


def _drop_teasers(paras: list[str], kinds: list[str | None], keep: list[bool]) -> list[bool]:
    """Drop the headline that follows a bare "Read also:" marker mid-body."""
    for i, kind in enumerate(kinds):
        if kind != "teaser" or not keep[i] or i + 1 >= len(paras):
            continue
        m = _TEASER_RE.match(paras[i])
        assert m is not None
        bare = not paras[i][m.end() :].strip(" :：.-–—|»>›")
        if bare and kinds[i + 1] is None and _is_headline_shaped(paras[i + 1]):
            keep[i + 1] = False
    return keep
