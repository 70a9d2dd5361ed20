"""Hypothesis strategies for boilerplate *families* and helpers to plant them in a text.

Every family generates many variants (names, numbers, wording, case, trailing
punctuation), not only the literal lines seen in the seeds, and in German,
French and Spanish where the lexicon has the family.

A family also says *where* it may be planted without making the text
genuinely ambiguous:

``anywhere``       between any two lines (and before the first / after the last)
``header``         above the first prose line (section labels)
``under_headline`` directly under the headline (video titles)
``body``           between two content lines below the first paragraph (the
                   caption shape is judged only there)
``between_prose``  between two paragraphs that stay (a bulleted headline is a
                   related link only there; elsewhere it may be a list item)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

from cleanwire import Document
from cleanwire.cleaners.base import is_prose

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "fixtures" / "seeds"
GOLDEN_DIR = ROOT / "fixtures" / "golden"
MULTILINGUAL_DIR = ROOT / "fixtures" / "multilingual"

SEED_PATHS = sorted(SEED_DIR.glob("*.txt"))
SEEDS: dict[str, str] = {p.stem: p.read_text(encoding="utf-8") for p in SEED_PATHS}
HOSTS: dict[str, str] = {p.stem: p.read_text(encoding="utf-8") for p in sorted(MULTILINGUAL_DIR.glob("*.txt"))}
"""Clean articles in German, French and Spanish (``de``, ``fr``, ``es``) to plant cruft into."""


# -- small building blocks ---------------------------------------------------------------

FIRST_NAMES = ["Maria", "Jane", "John", "Anna", "Pierre", "José", "Aoife", "Olu", "Chen", "Fatima", "Sergei", "Lena"]
LAST_NAMES = ["Lopez", "Doe", "Smith", "Schmidt", "Martin", "García", "O'Brien", "Okafor", "Wei", "Haddad", "Novak"]
OUTLETS = ["Rwenzori Daily", "Belfastlive", "Reuters", "AFP", "Associated Press", "The Guardian", "Daily Express"]
TAGS = ["UPDATE", "EXCLUSIVE", "INSIGHT", "EXPRESS COMMENT", "REVEAL", "ANALYSIS", "LATEST", "POLL", "VIDEO",
        "PICTURES"]
PLACES = ["Kharkiv", "Kyiv", "Irpin", "Belfast", "Lagos", "Mariupol", "Hamburg", "Lyon", "Valencia", "the capital"]
NOUNS = ["soldier", "woman", "man", "firefighter", "volunteer", "resident", "child", "police officer", "nurse",
         "farmer"]
ADJECTIVES = ["Ukrainian", "local", "young", "wounded", "elderly", "exhausted", "smiling"]
VERBS = ["walks past", "stands on", "looks at", "holds up", "carries", "inspects", "waves from", "sits beside",
         "clears"]
OBJECTS = ["the rubble of a house", "a destroyed troop carrier", "a burned-out car", "the ruins of a school",
           "a damaged bridge", "a flooded street", "sandbags outside a shop"]
HEADLINE_WORDS = ["Putin", "minister", "warns", "of", "new", "crisis", "as", "prices", "soar", "in", "Europe",
                  "Starmer", "faces", "revolt", "over", "plans", "shock", "poll", "reveals", "voters", "turn",
                  "against", "the", "government", "after", "strike", "airport", "chaos", "grows"]

name = st.builds(lambda f, la: f"{f} {la}", st.sampled_from(FIRST_NAMES), st.sampled_from(LAST_NAMES))
outlet = st.one_of(st.sampled_from(OUTLETS), name)


def _cased(s: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Vary the case the way pages do: as written, UPPER, Title."""
    return st.tuples(s, st.sampled_from(["as-is", "upper", "title"])).map(
        lambda t: t[0].upper() if t[1] == "upper" else t[0].title() if t[1] == "title" else t[0]
    )


def _trail(s: st.SearchStrategy[str], *options: str) -> st.SearchStrategy[str]:
    """Append one of the trailing decorations pages add to labels (``:``, ``!``, ``»`` ...)."""
    return st.tuples(s, st.sampled_from(options or ("",))).map(lambda t: t[0] + t[1])


headline = st.lists(st.sampled_from(HEADLINE_WORDS), min_size=4, max_size=12).map(
    lambda ws: " ".join([ws[0].capitalize(), *ws[1:]])
)
"""A headline-shaped line: capitalised, a few words, no final punctuation."""


# -- the families -------------------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """One kind of cruft: a strategy for its block of lines and where it may go."""

    kind: str
    lines: st.SearchStrategy[list[str]]
    where: str = "anywhere"


def _one(s: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return s.map(lambda x: [x])


CONSENT_EN = st.one_of(
    st.just("We use your sign-up to provide content in ways you've consented to and to improve our understanding "
            "of you. This may include adverts from us and 3rd parties based on our understanding. "
            "You can unsubscribe at any time. More info"),
    st.sampled_from(["We use cookies to improve your experience on our site.",
                     "This website uses cookies to ensure you get the best experience.",
                     "Accept all cookies", "Manage your privacy settings", "Cookie policy",
                     "Sign up to our free daily newsletter", "Subscribe to the Morning Briefing newsletter",
                     "Thanks for subscribing!", "Invalid email",
                     "Enter your email address to get the latest news",
                     "By signing up, you agree to our privacy notice.",
                     "We may earn a commission from links on this page.",
                     "To continue reading, please log in.", "Already a subscriber?",
                     "Please enable JavaScript to view this content."]),
)
CONSENT = {
    "en": CONSENT_EN,
    "de": st.sampled_from(["Wir verwenden Cookies, um Ihnen ein besseres Erlebnis zu bieten.",
                           "Alle Cookies akzeptieren", "Cookie-Einstellungen", "Newsletter abonnieren",
                           "Sie können sich jederzeit wieder abmelden."]),
    "fr": st.sampled_from(["Nous utilisons des cookies pour améliorer votre expérience.",
                           "Accepter tous les cookies", "Inscrivez-vous à notre newsletter",
                           "Vous pouvez vous désinscrire à tout moment."]),
    "es": st.sampled_from(["Utilizamos cookies para mejorar su experiencia.", "Aceptar todas las cookies",
                           "Suscríbete a nuestro boletín", "Puedes darte de baja en cualquier momento."]),
    "it": st.sampled_from(["Utilizziamo i cookie per migliorare la tua esperienza.", "Accetta tutti i cookie",
                           "Iscriviti alla nostra newsletter", "Puoi annullare l'iscrizione in qualsiasi momento."]),
    "pt": st.sampled_from(["Utilizamos cookies para melhorar a sua experiência.", "Aceitar todos os cookies",
                           "Assine a nossa newsletter", "Política de privacidade"]),
    "nl": st.sampled_from(["Wij gebruiken cookies om je ervaring te verbeteren.", "Alle cookies accepteren",
                           "Schrijf je in voor onze nieuwsbrief", "Je kunt je op elk moment weer afmelden."]),
    "pl": st.sampled_from(["Ta strona używa plików cookies.", "Akceptuję wszystkie cookies",
                           "Zapisz się do naszego newslettera", "Polityka prywatności"]),
}

ATTRIBUTION = {
    "en": st.one_of(
        st.builds(lambda label, who: f"{label}: {who}", st.sampled_from(["Source", "SOURCE", "Via", "Credit",
                                                                       "Image credit", "Sources"]),
                  st.one_of(outlet, st.just("Read Full Article"))),
        _trail(_cased(st.sampled_from(["Read full article", "Read the full story", "Read more",
                                       "Continue reading", "View the original article",
                                       "Click here to read more"])), "", ">>", " »", "..."),
    ),
    "de": st.one_of(st.builds(lambda w: f"Quelle: {w}", outlet),
                    st.sampled_from(["Weiterlesen", "Den ganzen Artikel lesen", "Mehr lesen"])),
    "fr": st.one_of(st.builds(lambda w: f"Source : {w}", outlet),
                    st.sampled_from(["Lire la suite", "Lire l'article complet", "En savoir plus"])),
    "es": st.one_of(st.builds(lambda w: f"Fuente: {w}", outlet),
                    st.sampled_from(["Leer más", "Seguir leyendo", "Leer el artículo completo"])),
    "it": st.one_of(st.builds(lambda w: f"Fonte: {w}", outlet),
                    st.sampled_from(["Leggi l'articolo completo", "Continua a leggere", "Leggi di più"])),
    "pt": st.one_of(st.builds(lambda w: f"Fonte: {w}", outlet),
                    st.sampled_from(["Leia mais", "Leia a matéria completa", "Continue lendo"])),
    "nl": st.one_of(st.builds(lambda w: f"Bron: {w}", outlet),
                    st.sampled_from(["Lees meer", "Lees verder", "Lees het volledige artikel"])),
    "pl": st.one_of(st.builds(lambda w: f"Źródło: {w}", outlet),
                    st.sampled_from(["Czytaj więcej", "Czytaj dalej", "Czytaj cały artykuł"])),
}

COMMENTS = {
    "en": st.one_of(
        _trail(_cased(st.sampled_from(["Leave a reply", "Leave a comment", "Post a comment", "Join the conversation",
                                       "Comments", "Have your say", "Cancel reply"])), "", ":", "!"),
        st.sampled_from(["Please enter your comment!", "Please enter your name here",
                         "Please enter your email address here", "Please enter a valid email address",
                         "Your email address will not be published.", "Required fields are marked *",
                         "Save my name, email, and website in this browser for the next time I comment."]),
        st.integers(0, 999).map(lambda n: f"{n} comments"),
        st.integers(1, 500).map(lambda n: f"View all {n} comments"),
    ),
    "de": st.one_of(st.sampled_from(["Kommentar schreiben", "Kommentare", "Antworten", "Antwort abbrechen",
                                     "Bitte geben Sie Ihren Kommentar ein!", "Diskutieren Sie mit"]),
                    st.integers(1, 99).map(lambda n: f"{n} Kommentare")),
    "fr": st.one_of(st.sampled_from(["Laisser un commentaire", "Répondre", "Annuler la réponse",
                                     "Veuillez saisir votre commentaire !", "Réagissez"]),
                    st.integers(2, 99).map(lambda n: f"{n} commentaires")),
    "es": st.one_of(st.sampled_from(["Deja un comentario", "Responder", "Cancelar respuesta",
                                     "Por favor ingrese su comentario aquí", "Sin comentarios"]),
                    st.integers(2, 99).map(lambda n: f"{n} comentarios")),
    "it": st.one_of(st.sampled_from(["Lascia un commento", "Rispondi", "Annulla risposta", "Commenti",
                                     "Il tuo indirizzo email non sarà pubblicato."]),
                    st.integers(2, 99).map(lambda n: f"{n} commenti")),
    "pt": st.one_of(st.sampled_from(["Deixe um comentário", "Responder", "Cancelar resposta", "Comentários",
                                     "O seu endereço de email não será publicado."]),
                    st.integers(2, 99).map(lambda n: f"{n} comentários")),
    "nl": st.one_of(st.sampled_from(["Laat een reactie achter", "Reageer", "Reactie annuleren", "Reacties",
                                     "Je e-mailadres wordt niet gepubliceerd."]),
                    st.integers(2, 99).map(lambda n: f"{n} reacties")),
    "pl": st.one_of(st.sampled_from(["Dodaj komentarz", "Odpowiedz", "Anuluj pisanie odpowiedzi", "Komentarze",
                                     "Twój adres e-mail nie zostanie opublikowany."]),
                    st.integers(5, 99).map(lambda n: f"{n} komentarzy")),
}

SOCIAL = {
    "en": st.one_of(
        _trail(_cased(st.sampled_from(["Share", "Share post", "Share this article", "Share this story", "Subscribe",
                                       "Subscribe now", "Follow us on Twitter", "Follow us on Facebook",
                                       "Copy link", "Link copied", "Print this article", "Sign up"])), "", ":"),
        st.lists(st.sampled_from(["Facebook", "Twitter", "WhatsApp", "Email", "LinkedIn", "Pinterest", "Reddit",
                                  "Telegram", "Print"]), min_size=2, max_size=6, unique=True).map(" ".join),
    ),
    "de": st.sampled_from(["Teilen", "Artikel teilen", "Folgen Sie uns auf Twitter", "Jetzt abonnieren",
                           "Link kopieren", "Drucken"]),
    "fr": st.sampled_from(["Partager", "Partager cet article", "Suivez-nous sur Twitter", "Abonnez-vous",
                           "Copier le lien", "Imprimer"]),
    "es": st.sampled_from(["Compartir", "Comparte esta noticia", "Síguenos en Twitter", "Suscríbete",
                           "Copiar enlace", "Imprimir"]),
    "it": st.sampled_from(["Condividi", "Condividi su Facebook", "Seguici su Twitter", "Iscriviti", "Copia link",
                           "Stampa"]),
    "pt": st.sampled_from(["Compartilhe", "Compartilhar no Facebook", "Siga-nos no Twitter", "Assine",
                           "Copiar link", "Imprimir"]),
    "nl": st.sampled_from(["Delen", "Deel dit artikel", "Volg ons op Twitter", "Abonneren", "Link kopiëren",
                           "Printen"]),
    "pl": st.sampled_from(["Udostępnij", "Udostępnij na Facebooku", "Obserwuj nas na Twitterze", "Subskrybuj",
                           "Kopiuj link", "Drukuj"]),
}

RELATED_HEADERS = {
    "en": _trail(_cased(st.sampled_from(["Related", "Related articles", "More like this", "Popular", "Most read",
                                         "You may also like", "You might also like", "Recommended for you",
                                         "Read next", "Top stories", "More from World News",
                                         "Don't miss", "Trending now", "Read this next",
                                         "You may also like these"])), "", ":"),
    "de": st.sampled_from(["Das könnte Sie auch interessieren", "Meistgelesen", "Mehr zum Thema",
                           "Lesen Sie auch", "Weitere Artikel"]),
    "fr": st.sampled_from(["À lire aussi", "Lire aussi", "Les plus lus", "Sur le même sujet", "Articles similaires"]),
    "es": st.sampled_from(["Te puede interesar", "Lo más leído", "Noticias relacionadas", "Lee también",
                           "Más noticias"]),
    "it": st.sampled_from(["Articoli correlati", "Potrebbe interessarti anche", "Leggi anche", "I più letti",
                           "Altre notizie"]),
    "pt": st.sampled_from(["Notícias relacionadas", "Veja também", "Leia também", "Mais lidas",
                           "Você pode gostar"]),
    "nl": st.sampled_from(["Gerelateerde artikelen", "Lees ook", "Meest gelezen", "Meer nieuws",
                           "Ook interessant"]),
    "pl": st.sampled_from(["Powiązane artykuły", "Zobacz też", "Czytaj także", "Najczęściej czytane",
                           "Polecamy"]),
}
TEASER_TEXT = {
    "en": headline,
    "de": st.sampled_from(["Neue Regeln für Radfahrer in der Innenstadt", "Streik legt den Flughafen lahm",
                           "Mieten steigen weiter stark"]),
    "fr": st.sampled_from(["Grève dans les transports ce jeudi", "Les loyers continuent de grimper",
                           "Un nouveau pont pour la ville"]),
    "es": st.sampled_from(["Huelga en el aeropuerto este jueves", "Los alquileres siguen subiendo",
                           "Un nuevo puente para la ciudad"]),
    "it": st.sampled_from(["Sciopero dei trasporti giovedì", "Gli affitti continuano a salire",
                           "Un nuovo ponte per la città"]),
    "pt": st.sampled_from(["Greve nos transportes na quinta-feira", "As rendas continuam a subir",
                           "Uma nova ponte para a cidade"]),
    "nl": st.sampled_from(["Staking in het openbaar vervoer donderdag", "Huren blijven sterk stijgen",
                           "Een nieuwe brug voor de stad"]),
    "pl": st.sampled_from(["Strajk w komunikacji miejskiej w czwartek", "Czynsze nadal mocno rosną",
                           "Nowy most dla miasta"]),
}


def _cut_summary(lang: str) -> st.SearchStrategy[str]:
    """A teaser's summary cut off with an ellipsis."""
    return TEASER_TEXT[lang].map(lambda s: s.rsplit(" ", 1)[0]).flatmap(
        lambda s: st.sampled_from([s + "...", s + "…", s + " [...]"])
    )


def _teaser_run(lang: str) -> st.SearchStrategy[list[str]]:
    """Two or three teasers of headline + summary cut off with an ellipsis, under a header or not."""
    pair = st.tuples(TEASER_TEXT[lang], _cut_summary(lang))
    return st.tuples(st.one_of(st.just([]), RELATED_HEADERS[lang].map(lambda h: [h])),
                     st.lists(pair, min_size=2, max_size=3)).map(
        lambda t: [*t[0], *(line for p in t[1] for line in p)])


# Parenthesised tags are only recognised for the fixed list of media tags.
BRACKET_TAGGED = st.one_of(
    st.builds(lambda h, tag: f"{h} [{tag}]", headline, st.sampled_from(TAGS)),
    st.builds(lambda h, tag: f"{h} ({tag})", headline, st.sampled_from(["VIDEO", "PICTURES", "UPDATE", "EXCLUSIVE",
                                                                       "LIVE", "POLL"])),
)

BULLET_LINK = st.builds(lambda b, q, h: f"{b} {q}{h}", st.sampled_from(["•", "►", "▪", "·"]),
                        st.sampled_from(["", "'Suicide drone' that "]), headline)

BYLINE = {
    "en": st.one_of(
        st.builds(lambda p, n: f"{p} {n}", st.sampled_from(["By", "BY", "Written by", "Posted by", "Reported by"]),
                  st.one_of(name, st.sampled_from(OUTLETS))),
        st.builds(lambda a, b: f"By {a} and {b}", name, name),
        st.builds(lambda a, r: f"By {a}, {r}", name, st.sampled_from(["Political Editor", "Reporter",
                                                                      "Chief Correspondent"])),
    ),
    "de": st.builds(lambda p, n: f"{p} {n}", st.sampled_from(["Von", "Autor:", "Geschrieben von"]), name),
    "fr": st.builds(lambda p, n: f"{p} {n}", st.sampled_from(["Par", "Écrit par", "Auteur :"]), name),
    "es": st.builds(lambda p, n: f"{p} {n}", st.sampled_from(["Por", "Escrito por", "Autor:"]), name),
    "it": st.builds(lambda p, n: f"{p} {n}", st.sampled_from(["Di", "Autore:", "Scritto da"]), name),
    "pt": st.builds(lambda p, n: f"{p} {n}", st.sampled_from(["Por", "Escrito por", "Autor:"]), name),
    "nl": st.builds(lambda p, n: f"{p} {n}", st.sampled_from(["Door", "Auteur:", "Geschreven door"]), name),
    "pl": st.builds(lambda p, n: f"{p} {n}", st.sampled_from(["Autor:", "Autorka:"]), name),
}
DATELINE = st.one_of(
    st.builds(lambda d, m, y: f"Published: {d} {m} {y}", st.integers(1, 28),
              st.sampled_from(["May", "June", "March", "Dec"]), st.integers(2000, 2030)),
    st.integers(1, 30).map(lambda n: f"{n} min read"),
    st.integers(1, 23).map(lambda n: f"Updated {n} hours ago"),
    st.builds(lambda wd, d, m, h: f"{wd} {d} {m} 2022 {h}:30 GMT", st.sampled_from(["Monday", "Tue", "Friday"]),
              st.integers(1, 28), st.sampled_from(["March", "April", "Sept"]), st.integers(0, 23)),
)
EMPTY_LABEL = {
    "en": _cased(st.sampled_from(["Date:", "Published:", "Tags:", "Category:", "Updated:", "Author:",
                                  "Filed under:", "Share:"])),
    "de": st.sampled_from(["Datum:", "Veröffentlicht:", "Schlagwörter:", "Kategorie:"]),
    "fr": st.sampled_from(["Date :", "Publié le :", "Mots-clés :", "Catégorie :"]),
    "es": st.sampled_from(["Fecha:", "Publicado:", "Etiquetas:", "Categoría:"]),
    "it": st.sampled_from(["Data:", "Pubblicato:", "Tag:", "Categoria:"]),
    "pt": st.sampled_from(["Data:", "Publicado:", "Tags:", "Categoria:"]),
    "nl": st.sampled_from(["Datum:", "Gepubliceerd:", "Tags:", "Categorie:"]),
    "pl": st.sampled_from(["Data:", "Opublikowano:", "Tagi:", "Kategoria:"]),
}
SECTION_LABEL = {
    "en": st.one_of(
        st.sampled_from(["World News", "UK News", "Politics", "Business", "Sport", "Royal", "US & Europe",
                         "News | World", "Health", "Tech"]),
        st.lists(st.sampled_from(["World", "News", "Politics", "Business", "Europe", "Latest"]),
                 min_size=1, max_size=3, unique=True).map(" ".join),
    ),
    "de": st.sampled_from(["Politik", "Nachrichten", "Wirtschaft", "Sport"]),
    "fr": st.sampled_from(["Monde", "Politique", "Actualités", "Économie"]),
    "es": st.sampled_from(["Internacional", "Política", "Noticias", "Economía"]),
    "it": st.sampled_from(["Politica", "Notizie", "Economia", "Cronaca"]),
    "pt": st.sampled_from(["Política", "Notícias", "Economia", "Mundo"]),
    "nl": st.sampled_from(["Politiek", "Nieuws", "Economie", "Binnenland"]),
    "pl": st.sampled_from(["Polityka", "Wiadomości", "Gospodarka", "Świat"]),
}
STRAY = st.sampled_from([">", "|", "* * *", "»", "—", "...", "•", "<br>", "</div>", "---", ">>"])

NAVIGATION = {
    "en": _cased(st.sampled_from(["Advertisement", "Skip to content", "Menu", "Back to top", "Sign in", "Home"])),
    "de": st.sampled_from(["Anzeige", "Werbung", "Zum Inhalt springen", "Startseite"]),
    "fr": st.sampled_from(["Publicité", "Aller au contenu", "Accueil", "Se connecter"]),
    "es": st.sampled_from(["Publicidad", "Ir al contenido", "Inicio", "Iniciar sesión"]),
    "it": st.sampled_from(["Pubblicità", "Vai al contenuto", "Home", "Accedi"]),
    "pt": st.sampled_from(["Publicidade", "Ir para o conteúdo", "Página inicial", "Entrar"]),
    "nl": st.sampled_from(["Advertentie", "Ga naar de inhoud", "Home", "Inloggen"]),
    "pl": st.sampled_from(["Reklama", "Przejdź do treści", "Strona główna", "Zaloguj się"]),
}

CAPTION_MARKED = {
    "en": st.one_of(
        st.builds(lambda n, p: f"{n}, pictured, in {p}", name, st.sampled_from(PLACES)),
        st.builds(lambda p, who: f"Protesters gathered in {p} (Image: {who})", st.sampled_from(PLACES),
                  st.sampled_from(["Getty", "Reuters", "PA", "AFP"])),
        st.builds(lambda p: f"Pictured: rescuers search the rubble in {p}", st.sampled_from(PLACES)),
        st.builds(lambda p: f"Photo: A road in {p}", st.sampled_from(PLACES)),
        st.builds(lambda p: f"Rescuers in {p} on Monday. Photo by Jane Doe/Getty Images",
                  st.sampled_from(PLACES)),
    ),
    "de": st.builds(lambda p: f"Einsatzkräfte in {p}. Foto: dpa", st.sampled_from(PLACES)),
    "fr": st.builds(lambda p: f"Des manifestants à {p} (Photo : AFP)", st.sampled_from(PLACES)),
    "es": st.builds(lambda p: f"Manifestantes en {p} (Foto: EFE)", st.sampled_from(PLACES)),
    "it": st.builds(lambda p: f"Manifestanti a {p} (Foto: ANSA)", st.sampled_from(PLACES)),
    "pt": st.builds(lambda p: f"Manifestantes em {p} (Foto: Divulgação)", st.sampled_from(PLACES)),
    "nl": st.builds(lambda p: f"Demonstranten in {p}. Foto: ANP", st.sampled_from(PLACES)),
    "pl": st.builds(lambda p: f"Demonstranci w {p} (fot. PAP)", st.sampled_from(PLACES)),
}
CAPTION_ICON = st.builds(lambda s, icon: f"{s}. {icon}",
                         st.builds(lambda n, p: f"Troops {n} in {p}", st.sampled_from(["advance", "rest", "regroup"]),
                                   st.sampled_from(PLACES)),
                         st.sampled_from(["layers", "photo_camera", "zoom_in", "fullscreen"]))
CAPTION_SHAPE = st.builds(
    lambda art, adj, noun, verb, obj, where, place: f"{art} {adj} {noun} {verb} {obj} {where} {place}",
    st.sampled_from(["A", "The"]), st.sampled_from(ADJECTIVES), st.sampled_from(NOUNS), st.sampled_from(VERBS),
    st.sampled_from(OBJECTS), st.sampled_from(["on the outskirts of", "in the centre of", "near the main square in",
                                               "after a night of shelling in"]),
    st.sampled_from([p for p in PLACES if p[0].isupper()]),
)
"""The descriptive present-tense caption, twelve words or more, ending on a place name
("A Ukrainian soldier stands on top of a destroyed troop carrier after a battle in Kharkov")."""

VIDEO_TITLE = st.builds(lambda topic, h: f"{topic}: {h}",
                        st.sampled_from(["Ukraine", "Russia", "Putin", "Watch", "Storm Eunice", "Kharkiv"]),
                        st.builds(lambda n, v, o: f"{n} {v} {o}",
                                  st.sampled_from(["Russian vehicles", "Troops", "Residents", "Drone footage"]),
                                  st.sampled_from(["targeted by", "caught on", "flee", "shows"]),
                                  st.sampled_from(["howitzer artillery", "camera", "the shelling",
                                                   "the destroyed bridge"])))


def families(lang: str = "en") -> list[Family]:
    """Every cruft family available in *lang* (English furniture is included for every language)."""
    fams = [
        Family("consent banner", _one(CONSENT[lang])),
        Family("source footer", _one(ATTRIBUTION[lang])),
        Family("comment prompt", _one(COMMENTS[lang])),
        Family("share widget", _one(SOCIAL[lang])),
        Family("related header", _one(RELATED_HEADERS[lang])),
        Family("teaser run", _teaser_run(lang)),
        Family("byline", _one(BYLINE[lang])),
        Family("empty label", _one(EMPTY_LABEL[lang])),
        Family("section label", _one(SECTION_LABEL[lang]), "header"),
        Family("stray markup", _one(STRAY)),
        Family("navigation", _one(NAVIGATION[lang])),
        Family("marked caption", _one(CAPTION_MARKED[lang])),
    ]
    if lang == "en":
        fams += [
            Family("bracket-tag headline", _one(BRACKET_TAGGED)),
            Family("bullet related link", _one(BULLET_LINK), "between_prose"),
            Family("dateline", _one(DATELINE)),
            Family("caption with icon residue", _one(CAPTION_ICON)),
            Family("caption shape", _one(CAPTION_SHAPE), "body"),
            Family("video title", _one(VIDEO_TITLE), "under_headline"),
        ]
    return fams


# -- planting -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """A place between two non-blank lines of a text (``after`` = index of the line above, -1 for the top)."""

    after: int
    blanks: int


def _split(text: str) -> tuple[list[str], list[int]]:
    """Non-blank lines and the number of blank lines above each one."""
    lines: list[str] = []
    blanks: list[int] = []
    run = 0
    for raw in text.splitlines():
        if raw.strip():
            lines.append(raw)
            blanks.append(run)
            run = 0
        else:
            run += 1
    return lines, blanks


@lru_cache(maxsize=64)
def _shape(text: str) -> tuple[int, tuple[bool, ...], tuple[bool, ...], int]:
    """(index of the first prose line, prose flags, kept-after-cleaning flags, headline index or -1)."""
    from cleanwire import clean_and_explain

    doc = Document.from_text(text)
    prose = tuple(is_prose(line) for line in doc.lines)
    first_prose = prose.index(True) if any(prose) else len(prose)
    dropped = {d.line for d in clean_and_explain(text).removed}
    kept = tuple(line.number not in dropped for line in doc.lines)
    heads = [i for i in range(first_prose) if kept[i] and doc.lines[i].words >= 3]
    return first_prose, prose, kept, heads[0] if heads else -1


def allowed_gaps(text: str, where: str) -> list[int]:
    """Gaps where cruft of placement *where* may go: *i* is between line *i* and *i+1*, -1 the top."""
    first_prose, prose, kept, head = _shape(text)
    n = len(prose)
    gaps = list(range(-1, n))
    if where == "anywhere":
        return gaps
    if where == "header":
        return [g for g in gaps if g + 1 < first_prose]
    if where == "under_headline":
        return [head] if head >= 0 else []
    if where == "between_prose":
        return [g for g in gaps if 0 <= g < n - 1 and prose[g] and prose[g + 1] and kept[g] and kept[g + 1]]
    if where == "body":
        return [g for g in gaps if first_prose <= g < n - 1 and kept[g] and kept[g + 1]]
    raise ValueError(where)


def bullet_neighbours(text: str) -> set[int]:
    """Gaps next to a bulleted line: a bullet planted there would form a list with it."""
    doc = Document.from_text(text)
    out: set[int] = set()
    for i, line in enumerate(doc.lines):
        if line.text[:1] in "•·▪►▸◦‣∙":
            out |= {i - 1, i}
    return out


def plant(text: str, insertions: dict[int, list[str]]) -> str:
    """Insert blocks of lines into *text*: ``{gap: lines}`` (see :func:`allowed_gaps` for gaps).

    Each planted line gets the blank-line spacing of the gap it goes into, so the
    paragraph structure of the text around it is unchanged.
    """
    lines, blanks = _split(text)
    n = len(lines)
    inner = blanks[1:]
    usual = max(sorted(set(inner)), key=inner.count) if inner else 0
    out: list[str] = []

    def emit(spacing: int, item: str) -> None:
        if out:
            out.extend([""] * spacing)
        out.append(item)

    for item in insertions.get(-1, []):
        emit(usual, item)
    for i, line in enumerate(lines):
        emit(blanks[i] if i else usual, line)
        for item in insertions.get(i, []):
            emit(blanks[i + 1] if i + 1 < n else usual, item)
    return "\n".join(out)


@st.composite
def planted(draw: st.DrawFn, text: str, lang: str = "en", max_blocks: int = 6) -> tuple[str, list[tuple[int, str]]]:
    """Draw up to *max_blocks* cruft blocks of random families and plant them in *text*, one per gap.

    Returns the new text and ``(gap, kind)`` pairs for readable failure messages.
    """
    fams = families(lang)
    if lang != "en":
        fams += [f for f in families("en") if f.kind in ("share widget", "stray markup", "navigation")]
    avoid = bullet_neighbours(text)
    insertions: dict[int, list[str]] = {}
    planted_kinds: list[tuple[int, str]] = []
    for _ in range(draw(st.integers(1, max_blocks))):
        fam = draw(st.sampled_from(fams))
        gaps = [g for g in allowed_gaps(text, fam.where) if g not in insertions]
        if fam.kind == "bullet related link":
            # Two bullets next to each other are a list, which is content: plant one at most.
            if any(kind == fam.kind for _, kind in planted_kinds):
                continue
            gaps = [g for g in gaps if g not in avoid]
        if not gaps:
            continue
        gap = draw(st.sampled_from(gaps))
        insertions[gap] = draw(fam.lines)
        planted_kinds.append((gap, fam.kind))
    return plant(text, insertions), planted_kinds
