import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from apps.accounts.models import User

PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose email is verified, so they can log in at once."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Faker("name")
    time_zone = "UTC"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class HorizonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "vision.Horizon"
        django_get_or_create = ("owner", "years")

    owner = factory.SubFactory(UserFactory)
    years = 10
    statement = "Lead a data team that changes how the company decides."
    target_role = "Head of Data"
    why = "I love turning questions into answers people can act on."


class ValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "vision.Value"

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Value {n}")
    meaning = "It keeps me honest."
    position = factory.Sequence(lambda n: n + 1)


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "vision.Job"

    owner = factory.SubFactory(UserFactory)
    title = "Data analyst"
    organisation = "Northwind"
    start_date = datetime.date(2023, 1, 9)
    end_date = None


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "vision.LedgerEntry"

    job = factory.SubFactory(JobFactory)
    recorded_on = datetime.date(2026, 1, 15)
    skills = "SQL, dashboards"
    connections = "The operations leads"
    knowledge = "How logistics pricing works"
    still_want = "A project I own end to end"
    score_1 = 4
    score_5 = 4
    score_10 = 3
    score_20 = 2


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "milestones.Milestone"

    owner = factory.SubFactory(UserFactory)
    horizon = 1
    title = factory.Sequence(lambda n: f"Milestone {n}")
    description = "Why this matters."
    kind = "goal"
    target_date = datetime.date(2027, 6, 30)
    status = "planned"
    progress = factory.LazyAttribute(lambda milestone: 100 if milestone.status == "done" else 0)


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "milestones.Step"

    milestone = factory.SubFactory(MilestoneFactory)
    title = factory.Sequence(lambda n: f"Step {n}")
    position = factory.Sequence(lambda n: n + 1)


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "learning.Skill"

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Skill {n}")
    current_level = 2
    target_level = 4


class LearningItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "learning.LearningItem"

    owner = factory.SubFactory(UserFactory)
    kind = "course"
    title = factory.Sequence(lambda n: f"Course {n}")
    provider = "Open University"
    status = "in_progress"
    hours_spent = 6
    started_on = datetime.date(2026, 2, 1)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "network.Contact"

    owner = factory.SubFactory(UserFactory)
    name = factory.Faker("name")
    organisation = "Contoso"
    role = "Engineering manager"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    relationship = "peer"
    cadence = "quarterly"


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "network.Interaction"

    contact = factory.SubFactory(ContactFactory)
    date = datetime.date(2026, 3, 1)
    kind = "coffee"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "network.Event"

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Data meet-up {n}")
    date = datetime.date(2026, 4, 20)


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sharing.Mentorship"

    mentee = factory.SubFactory(UserFactory)
    mentor = factory.SubFactory(UserFactory)
    share_vision = True
    share_milestones = True
    share_learning = True
    share_network = True
    share_checkins = True
    share_opportunities = True


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "checkins.CheckIn"

    owner = factory.SubFactory(UserFactory)
    north_star_progress = 3
    job_or_career = 4
    learned = "How to run a pricing review."
    next_step = "Book a coffee with Amara"


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "opportunities.Opportunity"

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Opportunity {n}")
    organisation = "Healthwise"
    moved_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def first_move(self, create, extracted, **kwargs):
        if create:
            self.moves.create(stage=self.stage, moved_on=self.moved_on)
