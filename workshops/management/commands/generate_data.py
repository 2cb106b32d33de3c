"""Fills the database with a large, made-up but realistic set of workshops, for load tests.

At --scale 1: 25 IDM years of 8 workshops, each with the 12-item agenda of a real workshop
(registration, welcome, keynote, scene-setting, four panels with a moderator and speakers,
breaks, a migrant story, the wrap-up), 1,000 organizations, 5,000 speakers, 20,000 guiding
questions, 100,000 policy examples (with one to four countries, topics and organizations) and
documents. About one workshop in twenty is a draft. The same --seed gives the same data.

Generated workshops have slugs starting with "gen-"; the command refuses to run a second time
into a database that already has them (generate into a fresh database instead: nothing is
ever deleted). It only adds rows: the seed workshop and any other content stay as they are,
although generated examples and people may share their topics, countries and IDM years.
"""

import datetime
import math
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.text import slugify

from idm.page_cache import content_changed
from speakers.models import Country, Organization, Speaker
from workshops.models import (
    ROMAN_NUMERALS,
    Challenge,
    DialogueYear,
    Document,
    GuidingQuestion,
    KeyPrinciple,
    Objective,
    PolicyExample,
    Session,
    SessionSpeaker,
    Topic,
    Workshop,
    WorkshopPartner,
)

PREFIX = "gen-"
BATCH_SIZE = 2000
FIRST_YEAR = 2002

# What --scale 1 makes; every count is rounded, with at least one workshop.
FULL_SIZE = {
    "workshops": 200,
    "organizations": 1000,
    "speakers": 5000,
    "guiding_questions": 20000,
    "policy_examples": 100000,
}
WORKSHOPS_PER_YEAR = 8
DRAFT_SHARE = 0.05

K = Session.Kind
# The agenda of the 2007 workshop: (day, start, end, kind, title); panel titles vary.
AGENDA = [
    (0, "09:00", "10:00", K.REGISTRATION, "Registration"),
    (0, "10:00", "10:15", K.WELCOME, "Welcome Remarks"),
    (0, "10:15", "10:30", K.KEYNOTE, "Keynote Presentation"),
    (0, "10:30", "11:00", K.SCENE_SETTING, "Setting the Scene"),
    (0, "11:00", "13:00", K.PANEL, None),
    (0, "13:00", "15:00", K.BREAK, "Lunch Break"),
    (0, "15:00", "18:00", K.PANEL, None),
    (1, "10:00", "10:15", K.MIGRANT_STORY, "Migrant Story"),
    (1, "10:15", "13:00", K.PANEL, None),
    (1, "13:00", "15:00", K.BREAK, "Lunch Break"),
    (1, "15:00", "17:50", K.PANEL, None),
    (1, "17:50", "18:00", K.WRAP_UP, "Wrap-up and Closing Remarks"),
]
# Who takes part, by kind: (role, smallest, largest number of people).
CAST = {
    K.WELCOME: [("speaker", 1, 2)],
    K.KEYNOTE: [("keynote", 1, 1)],
    K.SCENE_SETTING: [("presenter", 1, 2)],
    K.PANEL: [("moderator", 1, 1), ("speaker", 3, 5), ("discussant", 0, 1)],
    K.MIGRANT_STORY: [("speaker", 1, 1)],
    K.WRAP_UP: [("speaker", 1, 1)],
}
QUESTION_KINDS = {K.KEYNOTE, K.SCENE_SETTING, K.PANEL}

THEMES = [
    "Migration and Development",
    "Migration in a Globalized World",
    "Managing Migration Through Regional Cooperation",
    "Migration and Human Rights",
    "Migration and Health",
    "Migration and the Environment",
    "Partnerships in Migration",
    "Human Mobility and Development",
    "Migrants and Cities",
    "Migration, Climate Change and Sustainable Development",
    "Economic Cycles, Demographic Change and Migration",
    "Migration in Crisis Situations",
]
SUBJECTS = [
    "Labour Mobility",
    "Circular Migration",
    "Remittances",
    "Diaspora Engagement",
    "Migrant Integration",
    "Return and Reintegration",
    "Skills Recognition",
    "Health of Migrants",
    "Climate-induced Displacement",
    "Migrant Children and Youth",
    "Women Migrant Workers",
    "Ethical Recruitment",
    "Migration Data",
    "Border Management",
    "Counter-trafficking",
    "Urban Migration",
]
WORKSHOP_PATTERNS = [
    "Making {subject} Work for Development",
    "{subject}: Policies That Work",
    "Towards Effective {subject}",
    "{subject} and the Sustainable Development Goals",
    "Strengthening Partnerships on {subject}",
    "{subject} in Times of Crisis",
]
PANEL_PATTERNS = [
    "Assessing Needs and Gaps in {subject}",
    "Key Policy Elements of {subject}",
    "The Role of the Private Sector in {subject}",
    "Regional Cooperation on {subject}",
    "Protecting Migrants' Rights in {subject}",
    "Data and Evidence for {subject}",
    "Local Authorities and {subject}",
    "Lessons Learned from {subject}",
]
TOPICS = [
    ("Comprehensive labour migration management", "comprehensive-management"),
    ("Policy coherence", "policy-coherence"),
    ("Remittances", "remittances"),
    ("Temporary and circular migration", "temporary-and-circular-migration"),
    ("Bilateral agreements", "bilateral-agreements"),
    ("Regional processes", "regional-processes"),
    ("Data and knowledge base", "data-and-knowledge-base"),
    ("Protection of migrants' rights", "protection-of-migrants-rights"),
    (
        "Private sector and civil society partnership",
        "private-sector-and-civil-society-partnership",
    ),
    ("Diaspora engagement", "diaspora-engagement"),
    ("Capacity building", "capacity-building"),
    ("Integration", "integration"),
    ("Return and reintegration", "return-and-reintegration"),
    ("Migration and health", "migration-and-health"),
    ("Climate change and migration", "climate-change-and-migration"),
    ("Border management", "border-management"),
    ("Counter-trafficking", "counter-trafficking"),
    ("Skills and qualifications", "skills-and-qualifications"),
    ("Gender and migration", "gender-and-migration"),
    ("Ethical recruitment", "ethical-recruitment"),
]
PRACTICES = [
    "pre-departure orientation for {group}",
    "a bilateral agreement on {subject}",
    "a one-stop centre for {group}",
    "lower transfer costs for remittances from {group}",
    "recognition of the qualifications of {group}",
    "a seasonal work programme for {group}",
    "a diaspora investment fund",
    "a national strategy on {subject}",
    "a labour market information system for {subject}",
    "health insurance for {group}",
    "a return and reintegration programme for {group}",
    "an online portal on {subject}",
    "training of consular staff on {subject}",
    "a code of conduct for the recruitment of {group}",
]
GROUPS = [
    "domestic workers",
    "seasonal agricultural workers",
    "health professionals",
    "construction workers",
    "students",
    "returning migrants",
    "women migrant workers",
    "young jobseekers",
    "skilled workers",
    "migrant entrepreneurs",
]
SENTENCES = [
    "The {actor} set up {practice} in cooperation with {partner}.",
    "Since its launch, the programme has reached several thousand {group}.",
    "It was presented at the workshop as an example of {topic}.",
    "An evaluation found that it reduced costs and delays for {group}.",
    "The scheme is financed jointly by the government and {partner}.",
    "Participants noted that it could be adapted to other countries of origin and destination.",
    "Its main challenge remains the collection of reliable data on {subject}.",
]
FIRST_NAMES = [
    "Amina",
    "Ibrahim",
    "Maria",
    "Jose",
    "Ahmed",
    "Fatima",
    "Chen",
    "Wei",
    "Priya",
    "Rahul",
    "Olga",
    "Ivan",
    "Ana",
    "Pedro",
    "Kwame",
    "Ama",
    "Sofia",
    "Luca",
    "Hiroshi",
    "Yuki",
    "Nadia",
    "Omar",
    "Elena",
    "Mateo",
    "Grace",
    "John",
    "Aisha",
    "Mohamed",
    "Lina",
    "Tomas",
    "Ingrid",
    "Lars",
    "Mei",
    "Juan",
    "Carmen",
    "Rosa",
    "Kofi",
    "Abena",
    "Ravi",
    "Anjali",
    "Dmitri",
    "Irina",
    "Hassan",
    "Leila",
    "Samuel",
    "Esther",
    "Paulo",
    "Beatriz",
    "Khalid",
    "Zainab",
    "Daniel",
    "Sarah",
    "Nguyen",
    "Linh",
    "Carlos",
    "Lucia",
    "Emeka",
    "Ngozi",
    "Jorge",
    "Valentina",
    "Ali",
    "Mariam",
    "Jean",
    "Claire",
    "Pierre",
    "Amelie",
    "Farid",
    "Yasmin",
    "Tariq",
    "Noor",
    "Andrei",
    "Elif",
    "Mehmet",
    "Ayse",
    "Joao",
    "Teresa",
    "Ibrahima",
    "Awa",
    "Min-jun",
    "Ji-woo",
    "Kenji",
    "Aiko",
]
LAST_NAMES = [
    "Diallo",
    "Awad",
    "Garcia",
    "Rodriguez",
    "Khan",
    "Hossain",
    "Li",
    "Wang",
    "Sharma",
    "Patel",
    "Ivanova",
    "Petrov",
    "Silva",
    "Santos",
    "Mensah",
    "Owusu",
    "Rossi",
    "Bianchi",
    "Tanaka",
    "Sato",
    "Haddad",
    "Mansour",
    "Popescu",
    "Fernandez",
    "Okafor",
    "Adeyemi",
    "Nkosi",
    "Dlamini",
    "Novak",
    "Kowalski",
    "Jensen",
    "Nielsen",
    "Zhang",
    "Liu",
    "Lopez",
    "Martinez",
    "Boateng",
    "Asante",
    "Gupta",
    "Singh",
    "Kuznetsov",
    "Sokolova",
    "Rahman",
    "Karimi",
    "Cohen",
    "Levi",
    "Pereira",
    "Costa",
    "Mahmoud",
    "Yilmaz",
    "Kaya",
    "Demir",
    "Osei",
    "Tembo",
    "Phiri",
    "Banda",
    "Moreno",
    "Torres",
    "Ramos",
    "Castillo",
    "Nguyen",
    "Tran",
    "Pham",
    "Hwang",
    "Kim",
    "Park",
    "Choi",
    "Mino",
    "Dubois",
    "Martin",
    "Bernard",
    "Mueller",
    "Schmidt",
    "Schneider",
    "Achoch",
    "Linklater",
]
POSITIONS = [
    "Minister of Labour",
    "Deputy Minister of Foreign Affairs",
    "Director-General",
    "Deputy Director General",
    "Permanent Representative to the United Nations Office at Geneva",
    "Head of the Labour Migration Division",
    "Director, Migration Policy Department",
    "Senior Economist",
    "Senior Migration Policy Adviser",
    "Professor of Economics",
    "Researcher",
    "Executive Director",
    "Chief Executive Officer",
    "General Secretary",
    "Programme Coordinator",
    "Commissioner for Overseas Employment",
]
MINISTRIES = ["Labour", "Foreign Affairs", "Interior", "Social Affairs", "Overseas Employment"]
REGIONS = ["Asia", "Africa", "the Americas", "Europe", "the Mediterranean", "the Pacific"]
VENUES = ["Palais des Nations", "International Conference Centre Geneva", ""]


def scaled(name, scale):
    return max(1 if name == "workshops" else 0, round(FULL_SIZE[name] * scale))


def clock(text):
    return datetime.time.fromisoformat(text)


def acronym_of(name):
    words = [word for word in name.replace(",", "").split() if word[0].isupper()]
    return "".join(word[0] for word in words)[:8] if len(words) > 2 else ""


class Generator:
    """Builds the objects in memory with one random stream, then saves them in bulk."""

    def __init__(self, seed, scale):
        self.random = random.Random(seed)  # noqa: S311 (made-up data, same for a seed)
        self.sizes = {name: scaled(name, scale) for name in FULL_SIZE}
        self.countries = list(Country.objects.order_by("code"))
        self.counter = 0

    def slug(self, text):
        self.counter += 1
        return f"{PREFIX}{slugify(text)[:150]}-{self.counter}"

    def pick(self, items):
        return self.random.choice(items)

    def save(self, model, objects):
        return model.objects.bulk_create(objects, batch_size=BATCH_SIZE)

    def run(self):
        self.organizations = self.save(Organization, self.make_organizations())
        self.speakers = self.save(Speaker, self.make_speakers())
        self.topics = self.get_topics()
        self.workshops = self.save(Workshop, self.make_workshops())
        self.save_workshop_details()
        self.sessions = self.save(Session, self.make_sessions())
        self.save(SessionSpeaker, self.make_participants())
        self.save(GuidingQuestion, self.make_questions())
        self.save(Document, self.make_documents())
        self.save_policy_examples()

    def make_organizations(self):
        for _ in range(self.sizes["organizations"]):
            country = self.pick(self.countries)
            kind = self.pick(Organization.Kind.values)
            name = {
                "government": f"Ministry of {self.pick(MINISTRIES)}, {country.name}",
                "intergovernmental": f"Migration Dialogue for {self.pick(REGIONS)}",
                "employers": f"{country.name} Employers' Federation",
                "trade_union": f"{country.name} Confederation of Trade Unions",
                "company": f"{self.pick(LAST_NAMES)} Remittance Services",
                "civil_society": f"Migrant Rights Network of {country.name}",
                "academia": f"{country.name} Institute for Migration Studies",
                "other": f"{self.pick(LAST_NAMES)} Foundation",
            }[kind]
            yield Organization(
                name=name,
                slug=self.slug(name),
                acronym=acronym_of(name),
                kind=kind,
                country=None if kind == "intergovernmental" else country,
                website=f"https://www.example.org/{slugify(name)}"
                if self.random.random() < 0.3
                else "",
            )

    def make_speakers(self):
        for _ in range(self.sizes["speakers"]):
            first, last = self.pick(FIRST_NAMES), self.pick(LAST_NAMES)
            organization = self.pick(self.organizations) if self.organizations else None
            position = self.pick(POSITIONS)
            yield Speaker(
                full_name=f"{first} {last}",
                sort_name=f"{last}, {first}",
                slug=self.slug(f"{first} {last}"),
                position=position,
                organization=organization,
                country=(organization and organization.country) or self.pick(self.countries),
                bio=f"{first} {last} is {position} and has worked on migration for "
                f"{self.random.randint(5, 30)} years."
                if self.random.random() < 0.4
                else "",
            )

    def get_topics(self):
        """The topics the seed fixture has are shared; the others are created."""
        existing = {topic.slug: topic for topic in Topic.objects.all()}
        by_name = {topic.name: topic for topic in existing.values()}
        missing = [
            Topic(name=name, slug=slug)
            for name, slug in TOPICS
            if slug not in existing and name not in by_name
        ]
        self.save(Topic, missing)
        return list(Topic.objects.filter(slug__in=[slug for _, slug in TOPICS]).order_by("slug"))

    def make_workshops(self):
        count = self.sizes["workshops"]
        years = math.ceil(count / WORKSHOPS_PER_YEAR)
        wanted = range(FIRST_YEAR, FIRST_YEAR + years)
        existing = DialogueYear.objects.in_bulk(wanted, field_name="year")
        self.save(
            DialogueYear,
            [
                DialogueYear(year=year, theme=self.pick(THEMES))
                for year in wanted
                if year not in existing
            ],
        )
        dialogue_years = DialogueYear.objects.in_bulk(wanted, field_name="year")
        geneva = Country.objects.get(code="CH")
        for number in range(count):
            year = FIRST_YEAR + number // WORKSHOPS_PER_YEAR
            subject = self.pick(SUBJECTS)
            title = self.pick(WORKSHOP_PATTERNS).format(subject=subject)
            # Eight workshops a year, one every six weeks, on a Monday and Tuesday.
            start = datetime.date(year, 1, 15) + datetime.timedelta(
                weeks=6 * (number % WORKSHOPS_PER_YEAR)
            )
            start -= datetime.timedelta(days=start.weekday())
            workshop = Workshop(
                dialogue_year=dialogue_years[year],
                title=title,
                slug=self.slug(f"{year} {title}"),
                kind=Workshop.Kind.COUNCIL if number % 8 == 7 else Workshop.Kind.INTERSESSIONAL,
                start_date=start,
                end_date=start + datetime.timedelta(days=1),
                venue=self.pick(VENUES),
                city="Geneva",
                country=geneva,
                summary=f"The workshop discussed {subject.lower()} and how policies can make it "
                "work for migrants, their families and the countries of origin and destination.",
                participant_count=self.random.randint(80, 250),
                participant_country_count=self.random.randint(30, 120),
                participation_is_approximate=self.random.random() < 0.5,
                status=Workshop.Status.DRAFT
                if self.random.random() < DRAFT_SHARE
                else Workshop.Status.PUBLISHED,
            )
            workshop.subject = subject
            yield workshop

    def save_workshop_details(self):
        partners, statements = [], {Objective: [], KeyPrinciple: [], Challenge: []}
        for workshop in self.workshops:
            organizations = self.random.sample(self.organizations, min(3, len(self.organizations)))
            roles = ["organizer", "collaborator", "funder"]
            partners += [
                WorkshopPartner(
                    workshop=workshop, organization=organization, role=role, order=order
                )
                for order, (organization, role) in enumerate(
                    zip(organizations, roles, strict=False)
                )
            ]
            subject = workshop.subject.lower()
            texts = {
                Objective: [
                    f"Share experiences and effective practices on {subject}.",
                    f"Identify the main policy gaps in {subject}.",
                    "Strengthen cooperation between countries of origin and destination.",
                ],
                KeyPrinciple: [
                    "Migration policies work best when they are coherent across ministries.",
                    "The rights of migrants must be protected at every stage of migration.",
                    f"Partnerships with the private sector make {subject} work for development.",
                ],
                Challenge: [
                    f"Reliable data on {subject} is scarce.",
                    "Capacity to implement policies varies widely between countries.",
                ],
            }
            for model, items in texts.items():
                statements[model] += [
                    model(workshop=workshop, text=text, order=order)
                    for order, text in enumerate(items, 1)
                ]
        self.save(WorkshopPartner, partners)
        for model, objects in statements.items():
            self.save(model, objects)

    def make_sessions(self):
        for workshop in self.workshops:
            panel = 0
            for day, start, end, kind, title in AGENDA:
                number = None
                if kind == K.PANEL:
                    panel += 1
                    number = panel
                    title = self.pick(PANEL_PATTERNS).format(subject=workshop.subject)
                    slug = f"session-{ROMAN_NUMERALS[number - 1].lower()}"
                else:
                    slug = f"{slugify(title)}-{day + 1}" if kind == K.BREAK else slugify(title)
                yield Session(
                    workshop=workshop,
                    slug=slug,
                    date=workshop.start_date + datetime.timedelta(days=day),
                    start_time=clock(start),
                    end_time=clock(end),
                    kind=kind,
                    number=number,
                    title=title,
                    description=f"Speakers discuss {title.lower()}." if kind == K.PANEL else "",
                    general_discussion=kind == K.PANEL,
                )

    def make_participants(self):
        self.panels = {workshop: [] for workshop in self.workshops}
        self.presenters = {}
        for session in self.sessions:
            if session.kind == K.PANEL:
                self.panels[session.workshop].append(session)
            cast = [
                (role, self.random.randint(fewest, most))
                for role, fewest, most in CAST.get(session.kind, [])
            ]
            wanted = sum(count for _, count in cast)
            people = self.random.sample(self.speakers, min(wanted, len(self.speakers)))
            if people:
                self.presenters[session] = people[-1]
            order = 0
            for role, count in cast:
                for speaker in people[order : order + count]:
                    order += 1
                    stands_in = self.random.random() < 0.02 and len(self.speakers) > 1
                    on_behalf_of = self.pick(self.speakers) if stands_in else None
                    yield SessionSpeaker(
                        session=session,
                        speaker=speaker,
                        role=role,
                        order=order,
                        title=speaker.position,
                        organization=speaker.organization,
                        on_behalf_of=None if on_behalf_of == speaker else on_behalf_of,
                    )

    def make_questions(self):
        sessions = [session for session in self.sessions if session.kind in QUESTION_KINDS]
        orders = dict.fromkeys(sessions, 0)
        for _ in range(self.sizes["guiding_questions"]):
            session = self.pick(sessions)
            orders[session] += 1
            subject = session.workshop.subject.lower()
            text = self.pick(
                [
                    f"What are the main obstacles to {subject} in your country?",
                    f"How can governments and employers cooperate on {subject}?",
                    f"Which data would help to assess the impact of {subject}?",
                    f"What role can diasporas play in {subject}?",
                    f"How can the rights of {self.pick(GROUPS)} be better protected?",
                ]
            )
            yield GuidingQuestion(session=session, text=text, order=orders[session])

    def make_documents(self):
        for workshop in self.workshops:
            items = [
                ("agenda", "Agenda", None),
                ("background_paper", f"Background paper: {workshop.subject}", None),
                ("report", f"Report of the workshop on {workshop.subject}", None),
            ]
            items += [
                ("presentation", f"Presentation: {panel.title}", panel)
                for panel in self.panels[workshop]
            ]
            for order, (kind, title, session) in enumerate(items, 1):
                slug = slugify(title)[:180]
                yield Document(
                    workshop=workshop,
                    session=session,
                    speaker=self.presenters.get(session),
                    title=title,
                    slug=f"{slug}-{order}",
                    kind=kind,
                    language="en",
                    url=f"https://www.example.org/idm/{workshop.slug}/{slug}.pdf"
                    if self.random.random() < 0.5
                    else "",
                    order=order,
                )

    def save_policy_examples(self):
        """The examples, then their countries, topics and organizations (through rows)."""
        examples, links = [], []
        for _ in range(self.sizes["policy_examples"]):
            workshop = self.pick(self.workshops)
            countries = self.random.sample(self.countries, self.pick([1, 1, 1, 2, 2, 3, 4]))
            topics = self.random.sample(self.topics, self.pick([1, 1, 2, 3]))
            organizations = self.random.sample(
                self.organizations, min(self.pick([0, 1, 1, 2]), len(self.organizations))
            )
            group, subject = self.pick(GROUPS), workshop.subject.lower()
            practice = self.pick(PRACTICES).format(group=group, subject=subject)
            title = f"{countries[0].name}: {practice}"
            words = {
                "actor": f"Government of {countries[0].name}",
                "practice": practice,
                "partner": organizations[0].name if organizations else "civil society",
                "group": group,
                "topic": topics[0].name.lower(),
                "subject": subject,
            }
            sentences = [SENTENCES[0], *self.random.sample(SENTENCES[1:], 2)]
            examples.append(
                PolicyExample(
                    title=title[:300],
                    slug=self.slug(title[:100]),
                    summary=" ".join(sentence.format(**words) for sentence in sentences),
                    scope=self.pick(
                        ["national", "national", "bilateral", "regional", "multilateral", ""]
                    )
                    if len(countries) < 3
                    else "multilateral",
                    workshop=workshop,
                    session=self.pick(self.panels[workshop])
                    if self.random.random() < 0.5
                    else None,
                )
            )
            links.append((countries, topics, organizations))
        self.save(PolicyExample, examples)
        for field, position, target in [
            ("countries", 0, "country"),
            ("topics", 1, "topic"),
            ("organizations", 2, "organization"),
        ]:
            through = getattr(PolicyExample, field).through
            self.save(
                through,
                [
                    through(policyexample_id=example.pk, **{f"{target}_id": item.pk})
                    for example, related in zip(examples, links, strict=True)
                    for item in related[position]
                ],
            )


class Command(BaseCommand):
    help = (
        "Generate a large, realistic, deterministic set of workshops for load tests "
        "(--scale 1: 200 workshops, 5,000 speakers, 100,000 policy examples)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Fraction of the full size, e.g. 0.01."
        )

    def handle(self, *args, seed, scale, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        if Workshop.objects.filter(slug__startswith=PREFIX).exists():
            raise CommandError(
                "This database already holds generated workshops (slugs starting with "
                f"'{PREFIX}'): generate into a fresh database."
            )
        started = time.monotonic()
        generator = Generator(seed, scale)
        with transaction.atomic():
            generator.run()
            # bulk_create sends no signals: tell the page cache once.
            content_changed()
        # Up-to-date planner statistics for the new rows (both backends have ANALYZE).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        sizes = ", ".join(
            f"{count} {name.replace('_', ' ')}" for name, count in generator.sizes.items()
        )
        self.stdout.write(
            f"Generated {sizes} (seed {seed}, scale {scale}) in {time.monotonic() - started:.0f} s."
        )
