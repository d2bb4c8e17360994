import factory
from django.contrib.auth import get_user_model

from relationships.models import (
    Consent,
    Diagnosis,
    Interaction,
    InteractionKind,
    Membership,
    Prospect,
    Role,
    Stage,
    StageKey,
    Workspace,
)
from relationships.workspaces import seed_stages


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
