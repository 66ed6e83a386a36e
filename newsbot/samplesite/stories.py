"""Story data for the sample site: every page's words, written for this project (build.py renders them).

Each story is a dict:

- ``key``: stable name; other stories link to it with ``href="@key"`` inside a paragraph.
- ``layout``: ``era-b`` (2021+ news), ``era-b-old`` (2019-2020 news), ``review``, ``gallery``, ``wordpress``.
- ``slug`` / ``typed_id``: the url is ``/articles/<slug>/<typed_id>/`` (``/reviews/``, ``/gallery/`` by layout);
  ``typed_id`` None gives a WordPress-era ``/articles/<slug>/``.
- ``published``: Pacific local time ``YYYY-MM-DD HH:MM``; ``updated`` likewise (optional).
- ``authors``: ``(display name, profile user)`` pairs; empty for a page without byline.
- ``deck``: None when the page has none. ``comments``: None when the page shows no comment block.
- ``blocks``: body in order. A string is a paragraph (inline HTML allowed); a tuple is an embed or other block,
  see ``build.render_block``. ``body_of`` (instead of ``blocks``) reposts another story's body word for word.
- ``outcome``: ``stored`` (default), ``duplicate``, ``failure`` (with ``reason``), ``never_fetch``.
- ``placement``: ``site`` (default), ``private`` (under /private/, robots-disallowed) or ``offsite`` (only linked
  through ``{{OFFSITE}}``).

Game, studio, show and people names are invented, except the Mission Impossible 7 story (the team's seed text).
"""

from __future__ import annotations

from typing import Any

AUTHORS = {
    "dana": ("Dana Whitlock", "danawhitlock"),
    "marcus": ("Marcus Oyelaran", "moyelaran"),
    "priya": ("Priya Castellano", "pcastellano"),
    "tom": ("Tom Bergstrand", "tbergstrand"),
    "alicia": ("Alicia Renner", "arenner"),
    "keiko": ("Keiko Ashdown", "kashdown"),
    "sam": ("Sam Okafor-Lind", "samokafor"),
}

STORIES: list[dict[str, Any]] = [
    # ---------------------------------------------------------------- Era B, older variant (2019-2020)
    {
        "key": "lanternfall-delay",
        "layout": "era-b-old",
        "slug": "lanternfall-delayed-into-2020-as-studio-asks-for-more-time",
        "typed_id": "1100-6471544",
        "headline": "Lanternfall Delayed Into 2020 As Studio Asks For More Time",
        "deck": "The lantern-lit puzzle adventure was due before the holidays.",
        "authors": ["tom"],
        "published": "2019-11-14 13:20",
        "comments": 112,
        "tags": ["Lanternfall", "PC", "PS4"],
        "blocks": [
            "Lanternfall, the puzzle adventure in which every room is lit only by the lantern you carry, will miss "
            "its December release date. Developer Greywick Studio now expects to ship the game in the spring of "
            "2020 on PC and PS4.",
            "In a post on the studio blog, creative director Ines Larrabee wrote that the final third of the game "
            '"still feels like a rough draft." The team wants to rebuild two late chapters whose puzzles testers '
            "found either trivial or baffling, with little in between.",
            "Greywick says the extra months will not be spent adding features. The delay covers polish, "
            "performance on base PS4 hardware and a full accessibility pass, including a mode that adds a faint "
            "outline to interactive objects for players who struggle with the game's deliberately dim palette.",
            "Pre-orders remain open, and the studio says anyone who wants a refund in the meantime can get one "
            "from the store they bought from. A new demo covering the first chapter is planned for January.",
        ],
    },
    {
        "key": "cartographers-casting",
        "layout": "era-b-old",
        "slug": "the-cartographers-tv-adaptation-finds-its-lead",
        "typed_id": "1100-6473301",
        "headline": "The Cartographers TV Adaptation Finds Its Lead",
        "deck": "The fantasy novel series is headed to streaming with a newcomer in the title role.",
        "authors": ["priya"],
        "published": "2020-02-03 10:05",
        "comments": 7,
        "tags": ["The Cartographers", "TV"],
        "blocks": [
            "The long-gestating adaptation of The Cartographers, the fantasy novels about a guild of mapmakers who "
            "can redraw the world, has cast its lead. Relative newcomer Odile Marchetti will play Wren, the "
            "apprentice who discovers that one of the guild's maps is lying.",
            "Marchetti's previous credits are mostly stage work, and showrunner Felix Adair said in a statement "
            'that the team auditioned more than 300 actors before choosing her. "Wren has to be stubborn and '
            'frightened at the same time, often in the same sentence," Adair said.',
            "Production on an eight-episode first season starts in Scotland this summer. Author Hana Voss is "
            "an executive producer and has written one episode herself, which she called the most nerve-wracking "
            "thing she has done since finishing the final book.",
        ],
    },
    {
        "key": "tidebreaker-free-weekend",
        "layout": "era-b-old",
        "slug": "tidebreaker-gets-a-free-weekend-on-pc-and-a-surprise-photo-mode",
        "typed_id": "1100-6477120",
        "headline": "Tidebreaker Gets A Free Weekend On PC And A Surprise Photo Mode",
        "deck": "The pirate sim is free to play until Sunday, and the new camera tools stay for good.",
        "authors": ["marcus"],
        "published": "2020-05-21 08:30",
        "comments": None,
        "tags": ["Tidebreaker", "PC"],
        "blocks": [
            "Tidebreaker is free to play on PC from today until Sunday evening, and anyone who jumps in will find "
            "a feature nobody announced: a full photo mode with adjustable time of day, depth of field and a "
            "filter that makes every screenshot look like an old sea chart.",
            (
                "tweet",
                "TidebreakerGame",
                "Tidebreaker",
                "1263480012553318400",
                "Free weekend starts now! Oh, and we snuck a photo mode into today's patch. Show us your best "
                "shipwrecks.",
                "May 21, 2020",
            ),
            "Progress made during the free weekend carries over if players buy the game, and the developer has "
            "cut the price by 40% until the following Tuesday. Crossplay with the console versions is not part of "
            "the offer, so free players will be matched only with other PC crews.",
            "The photo mode arrived in patch 1.6, which also fixes a bug that let cannonballs pass through the "
            "hulls of anchored ships. The patch notes credit a community member who recorded the bug in slow "
            "motion and sent the clip to the studio's support address.",
        ],
    },
    {
        "key": "mi7-motorcycle-stunt",
        "layout": "era-b-old",
        "slug": "you-need-to-see-this-mission-impossible-7-stunt-with-tom-cruise-riding-a-",
        "typed_id": "1100-6481702",
        "headline": "You Need To See This Mission Impossible 7 Stunt With Tom Cruise Riding A Motorcycle Off A "
        "Mountain",
        "deck": "Filming on the action movie has started up again, and Tom Cruise is really earning his paycheck.",
        "authors": ["keiko"],
        "published": "2020-09-07 09:50",
        "comments": 23,
        "tags": ["Mission Impossible 7", "Movies"],
        "blocks": [
            "Following a temporary shutdown due to COVID-19, it appears filming has restarted on Mission "
            "Impossible 7, and the production resumed with an epic action scene.",
            "Director Christopher McQuarrie (who also directed previous Mission Impossible films Rogue Nation and "
            "Fallout) shared an image on "
            '<a href="https://www.instagram.com/p/CEx7Qm3nR2a/" rel="noopener" target="_blank">Instagram</a> '
            "showing a long ramp on a mountaintop that appears to be the set of a motorcycle stunt. The figure of "
            "a person can be see standing on the ramp, but it's not clear who it is.",
            'Norwegian news site <a href="https://www.nrk.no/vestland/" rel="noopener" target="_blank">NRK</a> '
            "has video footage of this scene, and in it, Tom Cruise rides a motorcycle off the ramp and parachutes "
            "to safety on the ground. The motorcycle, however, did not survive the fall. You can see the "
            "breathtaking stunt at NRK, while the site also has a gallery of images that showcase the daring "
            "feat.",
            '<a href="https://www.vgtv.no/" rel="noopener" target="_blank">VGTV</a> has obtained a video of its '
            "own, showing the stunt from a different angle. Cruise is followed by a camera-mounted helicopter as "
            "well as a drone to capture footage for the film.",
            (
                "instagram",
                "CEx7Qm3nR2a",
                "christophermcquarrie",
                "Christopher McQuarrie",
                "Action... #MI7 Day 1",
                "2020-09-06T19:03:12+00:00",
                "Sep 6, 2020 at 12:03pm PDT",
            ),
            "The Mission Impossible series is known for its epic stunts, and for Cruise being the one to put "
            "himself in harm's way instead of enlisting a stunt performer. In Ghost Protocol, Cruise actually "
            "dangled from the world's tallest building. Things got crazier with Rogue Nation, when Cruise held "
            "onto the side of airplane as it took off. For Fallout, Cruise piloted a helicopter in one of the "
            "movie's more memorable action sequences.",
            "For Mission Impossible 7, McQuarrie has said the film will have at least three jaw-dropping action "
            "scenes that will make the helicopter scene from Fallout look like child's play.",
            "\"We've figured out three obscene things that [Cruise is] doing that I'm terrified of, that make the "
            'helicopter chase look like tinker toys," McQuarrie told '
            '<a href="https://www.empireonline.com/movies/" rel="noopener" target="_blank">Empire</a> (via '
            '<a href="https://collider.com/" rel="noopener" target="_blank">Collider</a>).',
            "Mission Impossible 7 and 8 are being filmed back-to-back, and McQuarrie is writing and directing "
            "both. New additions to the cast include Hayley Atwell, Pom Klementieff, and Shea Whigham. MI7 is "
            "scheduled to come to theatres in November 2021, with its sequel slated for November 2022. Both "
            "movies were delayed due to COVID-19.",
        ],
    },
    {
        "key": "midnight-arcade-cabinets",
        "layout": "era-b-old",
        "slug": "midnight-arcade-collection-adds-three-lost-cabinet-games",
        "typed_id": "1100-6482915",
        "headline": "Midnight Arcade Collection Adds Three Lost Cabinet Games",
        "deck": "Two of the three were never released outside a single test location in Osaka.",
        "authors": ["tom"],
        "published": "2020-10-29 11:00",
        "comments": 48,
        "tags": ["Midnight Arcade Collection", "Switch", "PS4"],
        "blocks": [
            "Midnight Arcade Collection is getting three more games next week, and the publisher is calling them "
            "the rarest additions yet. Two of them, the shooter Comet Lancer and the mahjong-racing hybrid Tile "
            "Rush, only ever ran on test cabinets in one Osaka arcade in 1991.",
            ("youtube", "q3VrT8kLm2E"),
            "The third, Brick Baron, was a minor hit in Europe but has never been re-released. Its original code "
            "was recovered from a circuit board bought at an auction by a collector, who worked with the "
            "publisher's emulation team to dump the ROM without damaging the chips.",
            "The update is free for owners of the collection on Switch and PS4. Each game gets the collection's "
            "usual extras: rewind, a gallery of cabinet art and a short documentary segment with people who "
            "worked on it.",
        ],
    },
    # ---------------------------------------------------------------- Era B news (2021-2025)
    {
        "key": "skyline-couriers-sequel",
        "layout": "era-b",
        "slug": "skyline-couriers-sequel-announced-with-co-op-deliveries",
        "typed_id": "1100-6490233",
        "headline": "Skyline Couriers Sequel Announced With Co-Op Deliveries",
        "deck": "Up to four players can now share a rooftop route, and a parcel.",
        "authors": ["dana"],
        "published": "2021-03-16 09:00",
        "comments": 350,
        "tags": ["Skyline Couriers 2", "PC", "Xbox Series X|S", "PS5"],
        "blocks": [
            "Skyline Couriers 2 is real, and this time you do not have to deliver packages across the rooftops "
            "alone. The sequel to the 2018 parkour delivery game supports four-player co-op, with a new parcel "
            "type that is too heavy for one courier and has to be passed mid-jump.",
            ("youtube", "Lp4nW7xQe0s"),
            "Developer Upwind Games says the city is roughly three times the size of the original's and is built "
            "vertically rather than outward. Routes now pass through apartment interiors, construction cranes "
            "and a cable car line that players can ride or, more usefully, run along the top of.",
            "Solo players are not forgotten: an AI partner can take the other end of heavy parcels, and the "
            "studio promises the campaign can be finished without ever joining another player. The sequel is "
            "planned for next year on PC, Xbox Series X|S and PS5.",
        ],
    },
    {
        "key": "ember-knights-director",
        "layout": "era-b",
        "slug": "ember-knights-director-leaves-studio-after-12-years",
        "typed_id": "1100-6493870",
        "headline": "Ember Knights Director Leaves Studio After 12 Years",
        "deck": "Rafael Quint led the action series from its first prototype.",
        "authors": ["marcus"],
        "published": "2021-07-08 14:45",
        "comments": 1,
        "tags": ["Ember Knights", "Industry"],
        "blocks": [
            "Rafael Quint, who directed all three Ember Knights games, has left developer Sootfall Interactive "
            "after 12 years. Quint confirmed his departure in a short message to fans, saying he wants to work "
            "on something small for a while.",
            "Sootfall says the next Ember Knights project is in early development and will be led by Quint's "
            "longtime co-director Beatrix Holm, who designed the series' signature parry system. Quint will stay "
            "on as a consultant until the end of the year.",
            'Quint did not say what comes next. "I have a notebook of ideas that don\'t need a sword in them," '
            "he wrote, adding that he is not starting a studio of his own, at least not yet.",
        ],
    },
    {
        "key": "frostbound-season-two",
        "layout": "era-b",
        "slug": "frostbound-saga-season-two-trailer-shows-off-the-ice-queen",
        "typed_id": "1100-6499012",
        "headline": "Frostbound Saga Season Two Trailer Shows Off The Ice Queen",
        "deck": "The streaming fantasy returns in February with its most anticipated villain.",
        "authors": ["priya"],
        "published": "2021-12-02 12:00",
        "comments": 0,
        "tags": ["Frostbound Saga", "TV"],
        "blocks": [
            "The first full trailer for Frostbound Saga season two is out, and it finally puts the Ice Queen on "
            "screen. Viewers of the first season only ever saw her as a shadow behind a frozen waterfall.",
            ("youtube", "Fz8cD1uYt5A"),
            "Veteran character actor Margit Sollen plays the role, and the trailer gives her two lines, both of "
            "them threats. The rest of the footage follows the surviving members of the northern expedition as "
            "they try to cross a sea that freezes and thaws with the queen's moods.",
            "All eight episodes arrive on February 18. The showrunners have said the season ends on a definitive "
            "note, though a third season has not been ruled out.",
        ],
    },
    {
        "key": "glass-orchard-board-game",
        "layout": "era-b",
        "slug": "glass-orchard-is-getting-a-board-game-and-the-kickstarter-is-already-funded",
        "typed_id": "1100-6503384",
        "headline": "Glass Orchard Is Getting A Board Game, And The Kickstarter Is Already Funded",
        "deck": "The cozy farming sim's tabletop version hit its goal in under three hours.",
        "authors": ["alicia"],
        "published": "2022-04-19 10:30",
        "comments": 89,
        "tags": ["Glass Orchard", "Board Games"],
        "blocks": [
            "Glass Orchard, the farming game where every tree grows fruit made of coloured glass, is becoming a "
            "board game. The Kickstarter campaign went live this morning and passed its funding goal before "
            "lunch.",
            "The tabletop version is a cooperative game for one to four players, who share an orchard and have "
            "to agree on which trees to prune before winter storms arrive. Instead of dice, a deck of weather "
            "cards decides what breaks each season.",
            (
                "buylink",
                "Kickstarter",
                "https://www.kickstarter.com/projects/littlekiln/glass-orchard-the-board-game",
            ),
            "Little Kiln, the two-person studio behind the video game, designed it with tabletop publisher "
            "Thimble & Quill. Backers can choose a standard box or a deluxe edition with translucent acrylic "
            "fruit tokens, and both are expected to ship next spring.",
        ],
    },
    {
        "key": "hollow-tide-patch",
        "layout": "era-b",
        "slug": "hollow-tide-patch-1-4-fixes-save-bug-adds-harder-difficulty",
        "typed_id": "1100-6506127",
        "headline": "Hollow Tide Patch 1.4 Fixes Save Bug, Adds Harder Difficulty",
        "deck": None,
        "authors": ["tom"],
        "published": "2022-08-25 16:10",
        "comments": 61,
        "tags": ["Hollow Tide", "PC", "PS5"],
        "blocks": [
            'A new patch for <a href="{{BASE}}/games/hollow-tide/">Hollow Tide</a> is out on PC and PS5, and it '
            "fixes the bug that could corrupt a save when the game was closed during the lighthouse chapter. "
            "Lowlight Works says affected saves can be restored from an automatic backup the patch creates.",
            "Patch 1.4 also adds a Riptide difficulty, in which oxygen runs out faster and the shore no longer "
            "refills it. The studio had previously said it was not interested in a harder mode, but changed its "
            "mind after players started running self-imposed challenges.",
            "Smaller changes include faster text scrolling, a toggle for the screen-shake effect during storms "
            "and corrected subtitles in the Portuguese translation. Our "
            '<a href="@hollow-tide-review">Hollow Tide review</a> praised the game\'s atmosphere but noted the '
            "save bug, which the studio now considers closed.",
        ],
    },
    {
        "key": "cozy-games-readers",
        "layout": "era-b",
        "slug": "the-best-cozy-games-of-the-year-according-to-our-readers",
        "typed_id": "1100-6510458",
        "headline": "The Best Cozy Games Of The Year, According To Our Readers",
        "deck": "More than 20,000 of you voted. Here are the five that came out on top.",
        "authors": ["alicia", "keiko"],
        "published": "2022-11-29 09:00",
        "comments": 204,
        "tags": ["Features", "Cozy Games"],
        "blocks": [
            "We asked readers to name the most relaxing game they played this year, and the answers arrived by "
            "the thousands. A few surprises made the list, including a game about filing taxes for woodland "
            "creatures that we did not know existed until the votes came in.",
            ("toc",),
            ("h2", "toc-glass-orchard", "1. Glass Orchard"),
            "The runaway winner. Readers singled out the sound of glass fruit clinking in the wind and the way "
            "the game never punishes you for taking a season off. Several voters said they played it every night "
            "before bed.",
            ("h2", "toc-kettle-and-crumb", "2. Kettle & Crumb"),
            "A close second, and the only game on the list with a timer. Voters liked that the tea-shop timer is "
            "generous and that a stewed pot just becomes compost for the herb garden.",
            ("h2", "toc-burrow-ledger", "3. Burrow Ledger"),
            "The tax game. It is exactly as gentle as it sounds: you sort receipts for badgers and hedgehogs, and "
            "the worst thing that can happen is a stern letter from an owl. It has a devoted following.",
            ("h2", "toc-the-rest", "4 and 5"),
            "Rounding out the top five were the boat-restoration game Slipway and the knitting puzzler Purl, "
            "which tied on votes. Thank you to everyone who took part; we will run the poll again next year.",
        ],
    },
    {
        "key": "neon-rally-free",
        "layout": "era-b",
        "slug": "neon-rally-heat-is-free-to-keep-on-pc-this-week",
        "typed_id": "1100-6512771",
        "headline": "Neon Rally Heat Is Free To Keep On PC This Week",
        "deck": "Claim it before Thursday and it stays in your library.",
        "authors": ["sam"],
        "published": "2023-02-14 08:15",
        "comments": 17,
        "tags": ["Neon Rally Heat", "Deals", "PC"],
        "blocks": [
            "Neon Rally Heat, the arcade racer set on rain-soaked city streets at night, is free to claim on PC "
            "until Thursday morning. Once claimed, it is yours to keep, including the two track packs released "
            "since launch.",
            "The giveaway comes shortly before the game's first anniversary. Torque & Tinsel says it will "
            "celebrate with a new night-market circuit and the return of the community's favourite event, in "
            "which every car has to drive with its headlights off.",
            ("buylink", "Amazon", "https://www.amazon.com/dp/B0NEONRALY"),
            "If you want to know whether it is worth your time, our "
            '<a href="@neon-rally-review">Neon Rally Heat review</a> found a great driving model hampered by a '
            "thin career mode. Free is a good price for finding out for yourself.",
        ],
    },
    {
        "key": "starfall-no-map",
        "layout": "era-b",
        "slug": "starfall-requiem-director-explains-why-the-game-has-no-map",
        "typed_id": "1100-6514420",
        "headline": "Starfall Requiem Director Explains Why The Game Has No Map",
        "deck": "Navigation is by landmarks, stars and notes you write yourself.",
        "authors": ["dana"],
        "published": "2023-05-30 10:00",
        "comments": 742,
        "tags": ["Starfall Requiem", "RPG"],
        "blocks": [
            "Starfall Requiem, Meridian Forge's open-world RPG, will launch without a map screen, and director "
            "Oskar Lindqvist says that was the plan from the very first pitch. Players navigate by landmarks, by "
            "the constellations and by a journal in which they write their own directions.",
            '"A map tells you the world is solved before you have seen it," Lindqvist said. The team built the '
            "terrain so that every region has something visible from a distance, such as a broken tower or a "
            "glowing crater, and tuned the night sky so that a handful of bright stars always point north.",
            "The journal accepts typed notes and simple sketches, and non-player characters give directions in "
            "the same style, often wrongly. Lindqvist admits some testers hated it at first, but says most came "
            "around once they stopped expecting a marker to follow.",
            "For players who cannot do without one, an option adds a compass strip to the top of the screen. It "
            "shows landmarks you have already visited, but never places you have only heard about.",
        ],
    },
    {
        "key": "starfall-no-map-repost",
        "layout": "era-b",
        "slug": "starfall-requiem-has-no-map-on-purpose-director-says",
        "typed_id": "1100-6514695",
        "headline": "Starfall Requiem Has No Map On Purpose, Director Says",
        "deck": "Reposted from our Starfall Requiem coverage.",
        "authors": ["dana"],
        "published": "2023-06-14 07:00",
        "comments": 3,
        "tags": ["Starfall Requiem", "RPG"],
        "body_of": "starfall-no-map",
        "outcome": "duplicate",
    },
    {
        "key": "paper-lanterns-date",
        "layout": "era-b",
        "slug": "paper-lanterns-animated-film-gets-a-release-date-and-a-first-trailer",
        "typed_id": "1100-6518032",
        "headline": "Paper Lanterns Animated Film Gets A Release Date And A First Trailer",
        "deck": "The hand-folded stop-motion film opens next autumn.",
        "authors": ["priya"],
        "published": "2023-09-05 09:30",
        "comments": 28,
        "tags": ["Paper Lanterns", "Movies"],
        "blocks": [
            "Paper Lanterns, the stop-motion film made almost entirely from folded paper, will open in cinemas "
            "next October. The first trailer shows its heroine, a lantern named Tove, drifting across a city "
            "made of origami rooftops during a storm.",
            ("gsvideo", "6451234", "paper-lanterns-official-teaser-trailer"),
            "Director Agnes Holloway says the crew folded more than 90,000 individual pieces, and that rain "
            "scenes were the hardest: real water ruins paper, so every raindrop is a bead of clear resin hung on "
            "wire and removed frame by frame.",
            "The voice cast has not been announced. Holloway says the studio is holding that back until closer "
            "to release, partly because one of the leads has not finished recording.",
        ],
    },
    {
        "key": "quarry-kings-crossplay",
        "layout": "era-b",
        "slug": "quarry-kings-update-adds-cross-play-between-consoles",
        "typed_id": "1100-6520816",
        "headline": "Quarry Kings Update Adds Cross-Play Between Consoles",
        "deck": "PC players will have to wait a little longer.",
        "authors": ["sam"],
        "published": "2023-10-24 11:45",
        "comments": 130,
        "tags": ["Quarry Kings", "PS5", "Xbox Series X|S"],
        "blocks": [
            "Quarry Kings players on PlayStation and Xbox can now dig together. The mining-and-building game's "
            "autumn update enables cross-play between the two console families, and shares progress through a "
            "single account.",
            (
                "tweet",
                "QuarryKings",
                "Quarry Kings",
                "1716882055120384001",
                "Cross-play between PS5 and Xbox is LIVE. PC joins the party later this year, we promise. Now go "
                "dig something enormous.",
                "October 24, 2023",
            ),
            "PC support is coming later because the PC version still runs an older server build, developer "
            "Basalt Lane explained. Moving it over requires a wipe of the PC test realms, which the studio does "
            "not want to do in the middle of a community event.",
            "The update also adds a new biome, the Salt Flats, where ore veins shift after every sandstorm and "
            "players have to survey them again before digging.",
        ],
    },
    {
        "key": "moonlit-bakery-sales",
        "layout": "era-b",
        "slug": "moonlit-bakery-sells-two-million-copies-in-a-month",
        "typed_id": "1100-6522950",
        "headline": "Moonlit Bakery Sells Two Million Copies In A Month",
        "deck": "The after-hours baking sim is its studio's biggest launch by far.",
        "authors": [],
        "published": "2024-01-18 13:00",
        "comments": 56,
        "tags": ["Moonlit Bakery"],
        "blocks": [
            "Moonlit Bakery has sold two million copies in its first month, publisher Hearthside Games announced "
            "today. The studio's previous game, a fishing sim, sold about 300,000 copies in its whole first year.",
            "The game has players run a bakery that only opens after midnight, serving night-shift workers, "
            "insomniacs and the occasional ghost. Its cat, who eats burnt bread, has become an unlikely mascot on "
            "social media.",
            "Hearthside says the money will go toward a larger team for free updates, the first of which adds "
            "a winter menu and a second oven. A console release has been discussed but not confirmed.",
        ],
    },
    {
        "key": "iron-bastion-layoffs",
        "layout": "era-b",
        "slug": "iron-bastion-studio-announces-layoffs-affecting-80-staff",
        "typed_id": "1100-6524118",
        "headline": "Iron Bastion Studio Announces Layoffs Affecting 80 Staff",
        "deck": "The studio says its unannounced project continues with a smaller team.",
        "authors": ["marcus", "dana"],
        "published": "2024-03-07 15:20",
        "comments": 1204,
        "tags": ["Iron Bastion Studio", "Industry"],
        "blocks": [
            "Iron Bastion Studio has laid off around 80 people, close to a quarter of its staff. The cuts were "
            "announced in an internal meeting this morning and confirmed in a public statement a few hours "
            "later.",
            "The studio blamed rising costs and a delay to its unannounced next game, which it says will continue "
            "in development with a smaller team. Affected employees will receive four months of severance and "
            "health coverage through the end of the year.",
            "Former employees posting on social media said the cuts hit quality assurance and the studio's "
            "community team hardest. Iron Bastion did not respond to questions about which departments were "
            "affected.",
            "The layoffs are the latest in a difficult stretch for the industry, which has seen thousands of "
            "job losses across large and small studios over the past year.",
        ],
    },
    {
        "key": "vantage-point-finale",
        "layout": "era-b",
        "slug": "vantage-point-season-3-ending-explained-by-its-showrunner",
        "typed_id": "1100-6525530",
        "headline": "Vantage Point Season 3 Ending Explained By Its Showrunner",
        "deck": "Yes, that was the real sniper. No, the show is not over.",
        "authors": ["priya"],
        "published": "2024-04-22 18:00",
        "comments": 412,
        "tags": ["Vantage Point", "TV"],
        "blocks": [
            (
                "breakout",
                "Warning: this article discusses the ending of Vantage Point season 3 in full.",
            ),
            "Vantage Point's third season ended with a twist that sent viewers back to rewatch the first "
            "episode: the witness who narrated the whole season was standing on the rooftop all along. "
            "Showrunner Celeste Amadi says the clue was hiding in plain sight.",
            '"Watch the reflections," Amadi said. "Every time she describes the square, there is a window '
            'behind her that shows the square from above." The production kept the reveal secret from most of '
            "the cast until the final table read.",
            "Amadi also confirmed that the final scene, in which the detective receives a photograph of her own "
            "apartment, sets up a fourth season that has been written but not yet greenlit.",
        ],
    },
    {
        "key": "summer-showcase-recap",
        "layout": "era-b",
        "slug": "everything-announced-at-the-summer-showcase-stream",
        "typed_id": "1100-6527004",
        "headline": "Everything Announced At The Summer Showcase Stream",
        "deck": "Sequels, surprises and one very long tease. Here is the full list.",
        "authors": ["keiko", "sam"],
        "published": "2024-06-09 14:00",
        "updated": "2024-06-09 17:30",
        "comments": 2381,
        "tags": ["Summer Showcase", "Events"],
        "blocks": [
            "The two-hour Summer Showcase stream wrapped up a few minutes ago, and it packed in more "
            "announcements than any showcase in recent memory. Below is every game shown, with trailers where "
            "they are available.",
            ("toc",),
            ("h2", "toc-skyline-couriers-2", "Skyline Couriers 2 has a date"),
            "The co-op parkour sequel opened the show with a rooftop chase and a release date: March next year. "
            "The trailer confirmed that delivering a parcel to the wrong address now has consequences.",
            ("youtube", "Sk9yL2pQw4R"),
            ("h2", "toc-starfall-requiem", "Starfall Requiem goes south"),
            "Meridian Forge announced the first expansion for its map-free RPG, set under the southern sky. New "
            "constellations mean the stars players learned to steer by no longer apply.",
            ("h2", "toc-drift-legends", "Drift Legends returns, sort of"),
            'A ten-second teaser ended with the series\' old logo and the words "Engine check." Nothing more '
            "was said, which is to say everything was said.",
            ("youtube", "Dr1ftT3asR9"),
            ("h2", "toc-one-more-thing", "One more thing"),
            "The show closed with a teaser for a new project from Lowlight Works, the studio behind Hollow Tide. "
            "It showed only a diving helmet resting on a seabed and a date: next summer.",
        ],
    },
    {
        "key": "drift-legends-rating",
        "layout": "era-b",
        "slug": "drift-legends-remaster-listing-spotted-on-ratings-board",
        "typed_id": "1100-6528367",
        "headline": "Drift Legends Remaster Listing Spotted On Ratings Board",
        "deck": "The classic street racer looks set for a comeback on current consoles.",
        "authors": ["sam"],
        "published": "2024-08-15 07:40",
        "comments": 95,
        "tags": ["Drift Legends"],
        "blocks": [
            "A rating for Drift Legends Remastered has appeared on a regional classification board's website, "
            "two months after the publisher teased a return for the series at the Summer Showcase.",
            'The listing names current-generation consoles and PC, and describes "mild violence" and "depictions '
            'of reckless driving," the same descriptors the original received in 2006. It does not include a '
            "release date.",
            "Ratings listings usually appear a few months before launch, although they are not a guarantee. The "
            "publisher declined to comment on what it called speculation.",
        ],
    },
    {
        "key": "bramblewood-sequel-tease",
        "layout": "era-b",
        "slug": "bramblewood-director-teases-a-darker-sequel",
        "typed_id": "1100-6530174",
        "headline": "Bramblewood Director Teases A Darker Sequel",
        "deck": "A single photo of a storyboard has fans picking apart every pencil line.",
        "authors": ["keiko"],
        "published": "2024-10-01 10:20",
        "comments": 33,
        "tags": ["Bramblewood"],
        "blocks": [
            "Bramblewood director Nell Garrow has posted a photo of a storyboard that appears to show the "
            "woodcutter, older and one-handed, standing in a burned-out version of the game's forest.",
            (
                "instagram14",
                "C9xQ2mLpTe4",
                "nellgarrow.draws",
                "Nell Garrow",
            ),
            "Garrow has not said the image is from a sequel, and captioned it only with a pencil emoji. But the "
            'studio has been hiring for a "new project in an established world" for months, and the storyboard '
            "shares its style with the concept art shown before the first game's reveal.",
            "Bramblewood sold well on release last year and won several art direction awards. Our review called "
            "it a fairy tale with teeth.",
        ],
    },
    {
        "key": "night-shift-detective-award",
        "layout": "era-b",
        "slug": "night-shift-detective-wins-best-narrative-at-indie-awards",
        "typed_id": "1100-6531802",
        "headline": "Night Shift Detective Wins Best Narrative At Indie Awards",
        "deck": "The one-person noir game beat four studio releases for the top writing prize.",
        "authors": ["alicia"],
        "published": "2024-12-12 19:30",
        "comments": 12,
        "tags": ["Night Shift Detective", "Awards"],
        "blocks": [
            "Night Shift Detective, a noir mystery made by a single developer over six years, won best narrative "
            "at last night's Golden Pixel indie awards. Its creator, Ruth Abernathy, accepted the prize in the "
            "trench coat her detective wears on the game's cover.",
            ("image", "night-shift-detective-award.jpg", "Ruth Abernathy accepting the award on stage."),
            "The game follows a detective who only works between midnight and dawn and has to solve each case "
            "before the city wakes up. Reviewers praised its dialogue, much of which Abernathy says she rewrote "
            "after reading it aloud to her neighbours.",
            "Other winners included the boat-restoration game Slipway for audio and the puzzle game Lanternfall "
            "for its lifetime achievement in making players feel lost in a good way.",
            ("gallery_promo", "striking-game-art-2022"),
        ],
    },
    {
        "key": "cinderpeak-shutdown",
        "layout": "era-b",
        "slug": "cinderpeak-online-servers-will-shut-down-in-may",
        "typed_id": "1100-6533159",
        "headline": "Cinderpeak Online Servers Will Shut Down In May",
        "deck": "The volcanic MMO ends after nine years, with a farewell event planned.",
        "authors": ["tom"],
        "published": "2025-02-03 08:00",
        "comments": 5000,
        "tags": ["Cinderpeak Online", "MMO"],
        "blocks": [
            "Cinderpeak Online, the MMO set on the slopes of an active volcano, will shut down its servers on "
            "May 30 after nine years. The in-game store has already closed, and all remaining premium currency "
            "has been converted to cosmetic items.",
            "Developer Ashfall Games says player numbers fell below what is needed to fund the servers and a "
            "live team. In a long letter to players, the studio thanked the guilds that kept the game busy and "
            "promised a final eruption event before the lights go off.",
            "An offline version is not planned, but Ashfall says it will publish the game's soundtrack and "
            "artbook for free on the shutdown date.",
        ],
    },
    {
        "key": "lighthouse-keeper-villain",
        "layout": "era-b",
        "slug": "the-lighthouse-keeper-film-casts-its-villain",
        "typed_id": "1100-6534011",
        "headline": "The Lighthouse Keeper Film Casts Its Villain",
        "deck": None,
        "authors": ["priya"],
        "published": "2025-03-27 12:15",
        "comments": None,
        "tags": ["The Lighthouse Keeper", "Movies"],
        "blocks": [
            "The horror adaptation of The Lighthouse Keeper has found its villain. Stage veteran Colm Averill "
            "will play the relief keeper who arrives on the island one night too early.",
            "Averill joins previously announced lead June Castell, who plays the keeper slowly convinced that the "
            "light is signalling something out at sea. Filming starts next month on the Irish coast.",
            "Director Tobias Renn has said he wants the film to feel like a two-hander for most of its running "
            "time, and that the island itself is the third character.",
        ],
    },
    {
        "key": "glass-orchard-mouse",
        "layout": "era-b",
        "slug": "switch-2-version-of-glass-orchard-adds-mouse-controls",
        "typed_id": "1100-6535244",
        "headline": "Switch 2 Version Of Glass Orchard Adds Mouse Controls",
        "deck": "Pruning with a mouse is, apparently, deeply satisfying.",
        "authors": ["alicia"],
        "published": "2025-05-15 09:10",
        "comments": 140,
        "tags": ["Glass Orchard", "Switch 2"],
        "blocks": [
            "The Switch 2 edition of Glass Orchard lets players turn a controller on its side and use it as a "
            "mouse, and Little Kiln says pruning trees that way is the best the game has ever felt.",
            "The new edition runs at a higher resolution and adds a greenhouse area that will come to other "
            "versions later in a free update. Owners of the original Switch version can upgrade for a small fee.",
            "Little Kiln also confirmed that the board game adaptation funded on Kickstarter two years ago has "
            "finally shipped to backers, after a delay caused by a supplier for its acrylic fruit tokens.",
        ],
    },
    {
        "key": "aurora-drift-preload",
        "layout": "era-b",
        "slug": "aurora-drift-review-embargo-and-preload-times-revealed",
        "typed_id": "1100-6536002",
        "headline": "Aurora Drift Review Embargo And Preload Times Revealed",
        "deck": "Preloading opens two days before launch on every platform.",
        "authors": ["sam"],
        "published": "2025-07-22 10:00",
        "comments": 2,
        "tags": ["Aurora Drift"],
        "blocks": [
            "Aurora Drift, the gliding adventure set in a sky full of northern lights, can be preloaded from "
            "Tuesday, two days before it launches worldwide. The download is a modest 14 GB.",
            "Reviews will go live the day before launch at 6 AM Pacific. Publisher Cobalt Reach says the game "
            "unlocks at midnight local time on consoles and at a single worldwide time on PC.",
            "A day-one patch adds a photo mode and an option to reduce the brightness of the aurora effects, "
            "which some preview players found hard on the eyes during long sessions.",
        ],
    },
    {
        "key": "lowlight-next-game",
        "layout": "era-b",
        "slug": "hollow-tide-creators-reveal-their-next-game-a-deep-sea-survival-story",
        "typed_id": "1100-6536071",
        "headline": "Hollow Tide Creators Reveal Their Next Game, A Deep-Sea Survival Story",
        "deck": "The diving helmet teased last summer belongs to a salvage diver named Ada.",
        "authors": ["dana"],
        "published": "2025-09-04 09:00",
        "comments": 518,
        "tags": ["Lowlight Works", "Hollow Tide"],
        "blocks": [
            ("jwplayer", "Xk3pL9qa", "6451990", "Undertow - Reveal Trailer"),
            "Lowlight Works' next game is called Undertow, and it takes the studio deeper than Hollow Tide ever "
            "went. Players control Ada, a salvage diver stranded on the seabed after her support ship vanishes "
            "overhead.",
            "Where Hollow Tide was a story about the shoreline, Undertow is about pressure. Ada's suit can be "
            "upgraded to survive greater depths, but every upgrade makes her slower and louder, and the things "
            "living in the trenches hunt by sound.",
            "The studio says Undertow is roughly twice the length of Hollow Tide and will not have combat. It is "
            "planned for PC and consoles next year.",
        ],
    },
    {
        "key": "pixel-parade-demos",
        "layout": "era-b",
        "slug": "pixel-parade-festival-returns-with-40-demos",
        "typed_id": "1100-6536088",
        "headline": "Pixel Parade Festival Returns With 40 Demos",
        "deck": "The indie showcase runs for a week, and every demo is free.",
        "authors": ["keiko"],
        "published": "2025-10-14 08:00",
        "comments": 8,
        "tags": ["Pixel Parade", "Indie"],
        "blocks": [
            "The Pixel Parade indie festival is back for its fifth year, with 40 playable demos available on PC "
            "for one week starting today. Organisers say more than 600 games applied for a spot.",
            "Highlights include a demo of Burrow Ledger 2, in which the woodland tax office has expanded into "
            "pensions, and an early look at a city builder in which every building is a sleeping giant. Our "
            "friends at a partner site have "
            '<a href="{{OFFSITE}}/articles/partner-network-roundup/1100-7000002/">a full list of every demo</a>.',
            "The festival also hosts daily developer streams, archived on the "
            '<a href="https://www.youtube.com/@pixelparadefest" rel="noopener">festival\'s channel</a>. A winter '
            "edition has been announced for December.",
        ],
    },
    {
        "key": "quarry-kings-season-pass",
        "layout": "era-b",
        "slug": "quarry-kings-season-pass-detailed",
        "typed_id": "1100-6536140",
        "headline": "Quarry Kings Season Pass Detailed",
        "deck": "Four seasons, one new biome each, and no paid boosts.",
        "authors": ["sam"],
        "published": "2025-11-17 10:30",
        "comments": 77,
        "tags": ["Quarry Kings"],
        "blocks": [
            "Basalt Lane has laid out Quarry Kings' first paid season pass, and the studio is keen to stress what "
            "it does not include: no resource boosts, no faster drills and nothing that affects competitive "
            "modes.",
            "Each of the four seasons adds a biome, starting with a glacier whose ice can be quarried and sold "
            "before it melts. The pass also includes cosmetic helmets, pickaxe skins and a hauling mule with a "
            "remarkably expressive face.",
            "Players who skip the pass will still get every biome, just three months after pass holders. "
            "The first season starts on December 2.",
        ],
    },
    {
        "key": "marrow-street-record",
        "layout": "era-b",
        "slug": "marrow-street-season-finale-breaks-streaming-record",
        "typed_id": "1100-6536152",
        "headline": "Marrow Street Season Finale Breaks Streaming Record",
        "deck": "The crime drama's finale drew the biggest audience in the service's history.",
        "authors": ["priya"],
        "published": "2025-11-18 09:15",
        "comments": 301,
        "tags": ["Marrow Street", "TV"],
        "blocks": [
            "The season finale of Marrow Street was watched by 31 million households in its first three days, "
            "according to its streaming service, the largest audience for a single episode since the platform "
            "launched.",
            "The episode resolved the season's central mystery, the disappearance of the pawnbroker at number "
            "14, in a 70-minute runtime that the creators originally planned as two episodes.",
            "A second season was confirmed before the first had finished airing. Its writers' room opened in "
            "September, and the cast is expected back in front of cameras next spring.",
        ],
    },
    {
        "key": "tidebreaker-2-shadow-drop",
        "layout": "era-b",
        "slug": "tidebreaker-2-gets-a-surprise-shadow-drop",
        "typed_id": "1100-6536159",
        "headline": "Tidebreaker 2 Gets A Surprise Shadow Drop",
        "deck": "The pirate sequel was announced and released in the same ten minutes.",
        "authors": ["marcus"],
        "published": "2025-11-18 15:00",
        "comments": 990,
        "tags": ["Tidebreaker 2"],
        "blocks": [
            "Tidebreaker 2 is out now on every major platform, announced and released during a ten-minute "
            "stream this afternoon. Nobody outside the studio appears to have known it existed.",
            (
                "tweet",
                "TidebreakerGame",
                "Tidebreaker",
                "1990412278815633409",
                "Surprise. Tidebreaker 2 is out. Right now. Go. The sea waits for no one.",
                "November 18, 2025",
            ),
            "The sequel moves the series to a chain of volcanic islands and adds ship-to-ship boarding, the most "
            "requested feature since the first game's launch. Saves from the original can be imported to carry "
            "over a crew's name and flag.",
            "The studio said in the stream that it kept the game secret because the team wanted players to "
            "discover its world without trailers spoiling the best views.",
        ],
    },
    {
        "key": "iron-bastion-offline",
        "layout": "era-b",
        "slug": "iron-bastion-studio-will-keep-its-next-game-offline-friendly",
        "typed_id": "1100-6536166",
        "headline": "Iron Bastion Studio Will Keep Its Next Game Offline-Friendly",
        "deck": "No always-online requirement, the studio says, after months of questions.",
        "authors": ["dana"],
        "published": "2025-11-19 08:45",
        "comments": 45,
        "tags": ["Iron Bastion Studio"],
        "blocks": [
            "Iron Bastion Studio's next game will not require an internet connection to play its campaign, the "
            "studio confirmed today in response to months of questions from fans worried by job listings for "
            "live-service roles.",
            "Those roles are for an optional co-op mode, a spokesperson said. The campaign, the map editor and "
            "all progression will work offline, and saves will be stored locally with optional cloud sync.",
            "The game itself remains officially unannounced, although the studio has promised a full reveal "
            "before the end of the year. It will be Iron Bastion's first release since its layoffs last year.",
        ],
    },
    {
        "key": "lighthouse-keeper-trailer",
        "layout": "era-b",
        "slug": "the-lighthouse-keeper-first-trailer-is-pure-dread",
        "typed_id": "1100-6536170",
        "headline": "The Lighthouse Keeper First Trailer Is Pure Dread",
        "deck": "Two minutes, one island and a light that will not stop blinking.",
        "authors": ["keiko"],
        "published": "2025-11-19 12:00",
        "comments": 260,
        "tags": ["The Lighthouse Keeper", "Movies"],
        "blocks": [
            "The first trailer for The Lighthouse Keeper is out, and it is two minutes of mounting unease with "
            "almost no dialogue. June Castell's keeper climbs the tower stairs again and again, counting them "
            "aloud, and the count is never the same twice.",
            ("youtube", "Lk7hS2eP9vW"),
            "Colm Averill's relief keeper appears only in the final shot, rowing toward the island through a fog "
            "bank while the light above him blinks in what looks like a pattern.",
            "The film opens in cinemas in March. Director Tobias Renn has promised it contains no jump scares, "
            "which, given this trailer, may be the most frightening thing about it.",
        ],
    },
    {
        "key": "moonlit-bakery-holiday",
        "layout": "era-b",
        "slug": "moonlit-bakery-holiday-update-adds-a-gingerbread-village",
        "typed_id": "1100-6536178",
        "headline": "Moonlit Bakery Holiday Update Adds A Gingerbread Village",
        "deck": "The cat is wearing a scarf. That is the news.",
        "authors": ["alicia"],
        "published": "2025-11-19 16:30",
        "comments": 64,
        "tags": ["Moonlit Bakery"],
        "blocks": [
            "Moonlit Bakery's holiday update arrives next week, and its centrepiece is a gingerbread village that "
            "players build outside the shop one house at a time, with each house unlocking a new night-shift "
            "customer.",
            "The update also adds mulled drinks, a snow-covered version of the street and, most importantly, a "
            "knitted scarf for the bakery's cat. The cat still eats burnt bread.",
            "It is free for everyone. Hearthside Games says the village stays after the holiday event ends, "
            "although the snow will melt in January.",
        ],
    },
    # ---------------------------------------------------------------- reviews
    {
        "key": "hollow-tide-review",
        "layout": "review",
        "slug": "hollow-tide-review-drowned-in-atmosphere",
        "typed_id": "1900-6417820",
        "headline": "Hollow Tide Review - Drowned In Atmosphere",
        "deck": "Lowlight Works' shoreline adventure is gorgeous, mournful and occasionally broken.",
        "authors": ["dana"],
        "published": "2021-10-20 06:00",
        "comments": 640,
        "tags": ["Hollow Tide", "Reviews"],
        "review": {
            "game": "Hollow Tide",
            "score": 8,
            "verdict": "Great",
            "good": [
                "A coastline that changes with every tide",
                "Sound design that makes silence frightening",
                "A story told almost entirely through objects",
            ],
            "bad": ["A save bug in the lighthouse chapter", "Late puzzles overstay their welcome"],
        },
        "blocks": [
            "Hollow Tide begins with the sea going out and not coming back. You play a lighthouse keeper's "
            "daughter walking across a seabed that should be underwater, picking through the wrecks and "
            "belongings that the retreating tide left behind.",
            "The game's great trick is that the tide does return, a little more each day, and the parts of the "
            "world you did not explore are lost. I finished it having missed whole villages, and I did not mind: "
            "the loss is the point.",
            "The sound design deserves its own paragraph. Water drips, timbers groan and, in the best moments, "
            "everything goes quiet as a wave gathers somewhere offshore. I took my headphones off more than once.",
            "It is not flawless. Late puzzles repeat ideas the game has already exhausted, and a bug in the "
            "lighthouse chapter corrupted one of my saves, costing me two hours. Even so, Hollow Tide is one of "
            "the most affecting games I have played this year.",
        ],
    },
    {
        "key": "neon-rally-review",
        "layout": "review",
        "slug": "neon-rally-heat-review-burning-rubber-burning-out",
        "typed_id": "1900-6418104",
        "headline": "Neon Rally Heat Review - Burning Rubber, Burning Out",
        "deck": None,
        "authors": ["sam"],
        "published": "2023-03-09 07:00",
        "comments": 211,
        "tags": ["Neon Rally Heat", "Reviews"],
        "review": {
            "game": "Neon Rally Heat",
            "score": 6,
            "verdict": "Fair",
            "good": ["Superb handling in the wet", "A soundtrack worth keeping on after you quit"],
            "bad": ["A career mode with nothing to chase", "Too few tracks at launch"],
        },
        "blocks": [
            "Neon Rally Heat feels wonderful to drive. Its cars have weight, its tyres have grip you can feel "
            "slipping away, and its wet streets reflect the city's signs so well that I crashed more than once "
            "while admiring them.",
            "The trouble starts when you stop driving. The career mode is a list of events with no rivals, no "
            "story and rewards that are mostly paint colours. After ten hours I had seen every track twice.",
            "Online racing is in better shape, with fair matchmaking and short queues. If you only want a few "
            "races a night, there is real fun here. If you want a reason to keep coming back, you will not find "
            "one yet.",
        ],
    },
    {
        "key": "bramblewood-review",
        "layout": "review",
        "slug": "bramblewood-review-a-fairy-tale-with-teeth",
        "typed_id": "1900-6419215",
        "headline": "Bramblewood Review - A Fairy Tale With Teeth",
        "deck": "A woodcutter, a wolf and the best boss fights of the year.",
        "authors": ["keiko"],
        "published": "2023-11-07 06:00",
        "comments": None,
        "tags": ["Bramblewood", "Reviews"],
        "review": {
            "game": "Bramblewood",
            "score": 9,
            "verdict": "Superb",
            "good": [
                "Boss fights that teach rather than punish",
                "An art style like a pop-up book",
                "A story that respects its source",
            ],
            "bad": ["The final area's camera"],
        },
        "blocks": [
            "Bramblewood retells the old woodcutter stories with an axe in one hand and a storybook in the "
            "other. Every chapter opens as a page turns, and the forest unfolds around you like a pop-up book.",
            "Combat is slow and deliberate. The woodcutter commits to every swing, and the game's monsters, "
            "almost all of them twisted versions of fairy-tale animals, punish careless attacks without ever "
            "feeling unfair.",
            "The boss fights are the highlight. Each one changes its pattern as you learn it, so you are always "
            "reading the fight rather than memorising it. The thorn wolf took me an evening and I loved every "
            "attempt.",
            "My only real complaint is the camera in the final area, which struggles in tight spaces. It is a "
            "small blemish on an otherwise remarkable game.",
        ],
    },
    {
        "key": "aurora-drift-review",
        "layout": "review",
        "slug": "aurora-drift-review-gliding-on-thin-air",
        "typed_id": "1900-6421377",
        "headline": "Aurora Drift Review - Gliding On Thin Air",
        "deck": "Soaring through the northern lights is breathtaking. Everything else is lighter.",
        "authors": ["marcus"],
        "published": "2025-11-18 06:00",
        "comments": 389,
        "tags": ["Aurora Drift", "Reviews"],
        "review": {
            "game": "Aurora Drift",
            "score": 7,
            "verdict": "Good",
            "good": ["Flight that feels effortless", "A sky that never stops changing"],
            "bad": ["Shallow exploration rewards", "Story beats that barely land"],
        },
        "blocks": [
            "For the first hour of Aurora Drift I did nothing but fly. The glider responds to the smallest "
            "movements, rising on warm air from hot springs and diving through curtains of green light, and it "
            "is simply lovely.",
            "The world below is less generous. Villages offer fetch quests and the collectibles are mostly "
            "lore pages, which made landing feel like a chore rather than a reward.",
            "Still, few games make movement itself this joyful. Aurora Drift is a short, slight and beautiful "
            "thing, and on the right evening that is enough.",
        ],
    },
    # ---------------------------------------------------------------- galleries
    {
        "key": "striking-game-art-2022",
        "layout": "gallery",
        "slug": "the-most-striking-game-art-of-2022",
        "typed_id": "2900-5691",
        "headline": "The Most Striking Game Art Of 2022",
        "deck": "Five images that stopped us mid-scroll this year.",
        "authors": ["alicia"],
        "published": "2022-12-20 10:00",
        "comments": 19,
        "tags": ["Features", "Art"],
        "gallery": [
            ("Glass Orchard", "Low winter sun through a row of cobalt pears, the game's most-shared screenshot."),
            ("Hollow Tide", "The lighthouse at low tide, with the seabed stretching away to a horizon of wrecks."),
            ("Neon Rally Heat", "A rain-soaked hairpin under a wall of shop signs, reflected in every puddle."),
            ("Burrow Ledger", "A badger's tax return, illustrated in watercolour down to the coffee stain."),
            ("Starfall Requiem", "The northern constellation rising over the broken tower, a landmark by design."),
        ],
    },
    {
        "key": "moonlit-bakery-costumes",
        "layout": "gallery",
        "slug": "every-costume-in-moonlit-bakerys-halloween-event",
        "typed_id": "2900-5744",
        "headline": "Every Costume In Moonlit Bakery's Halloween Event",
        "deck": None,
        "authors": ["keiko"],
        "published": "2025-10-30 09:00",
        "comments": None,
        "tags": ["Moonlit Bakery"],
        "gallery": [
            ("The Baker", "A flour-dusted vampire cape that turns every customer's order into a pun."),
            ("The Cat", "A tiny pumpkin hat, which the cat tolerates for exactly one night."),
            ("The Night Nurse", "A regular customer dressed as a ghost, which is funnier if you know her story."),
            ("The Ghost", "The bakery's real ghost, dressed as a baker, which nobody has the heart to mention."),
        ],
    },
    # ---------------------------------------------------------------- WordPress era
    {
        "key": "iron-bastion-first-look",
        "layout": "wordpress",
        "slug": "iron-bastion-next-game-first-look",
        "typed_id": None,
        "post_id": 1158412,
        "schema_type": "NewsArticle",
        "headline": "Iron Bastion's Next Game Is A Siege Builder, And We've Seen It",
        "deck": "A first look at Keepfall, the game that survived the studio's hardest year.",
        "authors": ["dana"],
        "published": "2025-11-20 08:00",
        "comments": 150,
        "tags": ["Iron Bastion Studio", "Keepfall"],
        "blocks": [
            "Iron Bastion Studio's next game is called Keepfall, and after a morning with it we can say it is a "
            "siege builder: you design a castle, then watch it get attacked, then design a better one.",
            "Sieges play out in real time and you cannot intervene directly. Instead you give orders to captains "
            "before the battle and watch them make decisions, good and bad, based on their personalities.",
            ("wp-youtube", "Kf2pB8sLq1N"),
            "As promised last week, the campaign is fully playable offline. The optional co-op mode lets a friend "
            "design the attacking army, which is where the live-service job listings came from.",
            "Keepfall is planned for next autumn on PC, with console versions to follow.",
        ],
    },
    {
        "key": "pixel-parade-winter",
        "layout": "wordpress",
        "slug": "pixel-parade-winter-showcase-dated",
        "typed_id": None,
        "post_id": 1158437,
        "schema_type": "Article",
        "headline": "Pixel Parade Winter Showcase Dated For December 12",
        "deck": None,
        "authors": ["keiko"],
        "published": "2025-11-20 11:30",
        "comments": None,
        "tags": ["Pixel Parade", "Events"],
        "blocks": [
            "The winter edition of the Pixel Parade indie festival will stream on December 12, organisers "
            "announced this morning, with a smaller line-up of 20 games and a focus on titles releasing early "
            "next year.",
            "Unlike the autumn festival, the winter show will not offer demos. Instead each developer gets five "
            "minutes to play their game live, mistakes included, which the organisers call the point.",
            "Submissions closed last week. The full list will be published the day before the stream on the "
            '<a href="https://pixelparade.example.test/winter" rel="noopener">festival website</a>.',
        ],
    },
    {
        "key": "cinderpeak-farewell",
        "layout": "wordpress",
        "slug": "cinderpeak-online-farewell-event-announced",
        "typed_id": "1100-6536180",
        "post_id": 1158390,
        "schema_type": "NewsArticle",
        "headline": "Cinderpeak Online Returns For One Last Eruption",
        "deck": "The shut-down MMO's servers come back for a single farewell weekend.",
        "authors": ["tom"],
        "published": "2025-11-19 10:00",
        "comments": 27,
        "tags": ["Cinderpeak Online", "MMO"],
        "blocks": [
            "Six months after its servers went dark, Cinderpeak Online is coming back for one weekend. Ashfall "
            "Games will switch the servers on again on December 6 for a farewell event that former players "
            "campaigned for.",
            "Every character will be restored from the final backup, and the volcano will erupt on the Saturday "
            "evening, exactly as it did in the original shutdown event, which many players missed because of "
            "login queues.",
            "The studio says this time there will be enough servers for everyone, and that it means it when it "
            "says this is the last time. The game's soundtrack and artbook remain free to download.",
        ],
    },
    # ---------------------------------------------------------------- broken pages (parser must fail)
    {
        "key": "patch-notes-roundup",
        "layout": "era-b",
        "slug": "patch-notes-roundup",
        "typed_id": "1100-6535990",
        "headline": "Patch Notes Roundup: November 12",  # listing card only; the page has no headline
        "deck": "Every notable patch released this week, in one place.",
        "authors": ["sam"],
        "published": "2025-11-12 17:00",
        "comments": 4,
        "tags": ["Patch Notes"],
        "broken": "no-headline",
        "outcome": "failure",
        "reason": "no headline",
        "blocks": [
            "Quarry Kings received a hotfix for the Salt Flats biome, where survey markers could disappear after "
            "a sandstorm and leave ore veins permanently hidden.",
            "Aurora Drift's second patch restores the missing glider skins some players lost after the photo "
            "mode update, and reduces stutter when flying low over the hot springs.",
            "Glass Orchard on Switch 2 fixed a rare crash when pruning more than 50 trees in a single day, a "
            "number the developers admit they did not expect anyone to reach.",
        ],
    },
    {
        "key": "ember-knights-remake-rumor",
        "layout": "era-b",
        "slug": "ember-knights-remake-rumor",
        "typed_id": "1100-6536020",
        "headline": "Ember Knights Remake Rumor Gains Weight After Studio Job Listing",
        "deck": "A listing mentions rebuilding a classic parry system from the ground up.",
        "authors": ["marcus"],
        "published": "2025-11-13 09:40",
        "comments": 57,
        "tags": ["Ember Knights"],
        "broken": "truncated",
        "outcome": "failure",
        "reason": "truncated",
        "blocks": [
            "A job listing at Sootfall Interactive is fuelling speculation that a remake of the first Ember "
            "Knights game is in development. The listing asks for a combat designer to rebuild a beloved parry "
            "system from the ground up for modern hardware.",
            "Sootfall has not announced a remake, and the listing does not name a game. But the series' parry "
            "system is the studio's best-known mechanic, and the posting mentions the original's frame data by "
            "name.",
            "Series director Beatrix Holm, who took over after Rafael Quint's departure, has said in past "
            "interviews that she would like to revisit the first game, which has never been released on current "
            "consoles.",
        ],
    },
    # ---------------------------------------------------------------- pages a crawler must never fetch
    {
        "key": "secret-draft",
        "layout": "era-b",
        "slug": "secret-draft",
        "typed_id": "1100-6999999",
        "headline": "DRAFT - Do Not Publish: Unannounced Project Juniper",
        "deck": "Embargoed. Placeholder copy.",
        "authors": ["dana"],
        "published": "2025-11-20 06:00",
        "comments": None,
        "tags": [],
        "placement": "private",
        "outcome": "never_fetch",
        "blocks": [
            "This draft sits under a path that robots.txt disallows. If a crawler stored it, that crawler ignored "
            "robots.txt.",
            "Project Juniper is a placeholder name; nothing in this draft describes a real announcement.",
            "Editors: do not link this page from anywhere public until the embargo lifts.",
        ],
    },
    {
        "key": "partner-exclusive-interview",
        "layout": "era-b",
        "slug": "partner-site-exclusive-interview",
        "typed_id": "1100-7000001",
        "headline": "Partner Site Exclusive: An Interview Nobody Should Crawl",
        "deck": "This page stands for another publisher's site.",
        "authors": ["priya"],
        "published": "2025-11-16 10:00",
        "comments": 14,
        "tags": [],
        "placement": "offsite",
        "outcome": "never_fetch",
        "blocks": [
            "This page is linked only through a different host name. A crawler that stored it followed an "
            "off-site link it should have filtered.",
            "Its path looks exactly like a GameSpot article so that a path-only check would be fooled.",
            "The interview that would go here is imaginary, and so is the partner site.",
        ],
    },
    {
        "key": "partner-network-roundup",
        "layout": "era-b",
        "slug": "partner-network-roundup",
        "typed_id": "1100-7000002",
        "headline": "Partner Network Roundup: Every Pixel Parade Demo",
        "deck": None,
        "authors": ["keiko"],
        "published": "2025-10-14 12:00",
        "comments": None,
        "tags": [],
        "placement": "offsite",
        "outcome": "never_fetch",
        "blocks": [
            "Another stand-in for someone else's website, reached from an article body through a different host name.",
            "If this headline appears in the database, the crawler's off-site filter let a link through.",
            "The list of demos that would go here is left as an exercise for the reader.",
        ],
    },
]
