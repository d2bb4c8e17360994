import datetime

import factory
from django.contrib.auth import get_user_model

from relationships.models import (
    Consent,
    Content,
    ContentKind,
    ContentStatus,
    Diagnosis,
    Interaction,
    InteractionKind,
    Membership,
    Prospect,
    Role,
    Sequence,
    Stage,
    StageKey,
    Step,
    Workspace,
)
from relationships.workspaces.services import seed_stages


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"coach{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class WorkspaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workspace
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Coaching Practice {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")
    timezone = "Europe/London"
    sender_name = "Sam Coach"
    sender_email = factory.Sequence(lambda n: f"sam{n}@practice.example")
    postal_address = "1 High Street, Bristol BS1 1AA, UK"

    @factory.post_generation
    def stages(obj, create, extracted, **kwargs):
        if create:
            seed_stages(obj)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    workspace = factory.SubFactory(WorkspaceFactory)
    role = Role.COACH


def stage(workspace: Workspace, key: str) -> Stage:
    return workspace.stages.get(key=key)


class ProspectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prospect
        skip_postgeneration_save = True

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"prospect{n}@example.org")
    stage = factory.LazyAttribute(lambda p: p.workspace.stages.get(key=StageKey.NEEDS_HELP))
    consent = Consent.CONFIRMED


class DiagnosisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Diagnosis

    prospect = factory.SubFactory(ProspectFactory)
    current_situation = "Works sixty hours a week and feels stuck."
    desired_outcome = "A business that runs without her every evening."
    priorities = "Time with family."


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    prospect = factory.SubFactory(ProspectFactory)
    kind = InteractionKind.NOTE
    summary = "Met at the spring workshop."


class ContentFactory(factory.django.DjangoModelFactory):
    """Approved value-first content, as a sequence needs it."""

    class Meta:
        model = Content

    workspace = factory.SubFactory(WorkspaceFactory)
    title = factory.Sequence(lambda n: f"A useful idea #{n}")
    subject = factory.Sequence(lambda n: f"One small idea for your week ({n})")
    body = (
        "Hi {{ first_name }},\n\n"
        "Here is a **five-minute weekly review** you can try on Friday:\n\n"
        "1. What moved forward?\n2. What got in the way?\n3. What matters most next week?\n\n"
        "Read more in [the worksheet](https://example.com/review).\n\n{{ coach_name }}"
    )
    kind = ContentKind.VALUE
    status = ContentStatus.APPROVED


class SequenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sequence
        skip_postgeneration_save = True

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Welcome series {n}")
    entry_stage = factory.LazyAttribute(lambda s: s.workspace.stages.get(key=StageKey.NEEDS_HELP))

    @factory.post_generation
    def steps(obj, create, extracted, **kwargs):
        """steps=[timedelta, ...]: one approved Value step per delay (default three)."""
        if not create:
            return
        delays = extracted if extracted is not None else [datetime.timedelta(0)] * 3
        for position, delay in enumerate(delays, start=1):
            Step.objects.create(
                sequence=obj,
                position=position,
                delay=delay,
                content=ContentFactory(workspace=obj.workspace),
            )
