"""Weekly figures for Insights, rolled up once a week is over (issue 16).

A page that counted every stage change and delivery of a workspace on each view grew with
the workspace; a closed week's counts don't change, so they are kept here and only the
current week is counted live. relationships/insights/rollups.py writes them.
"""

from django.db import models

from relationships.models.workspace import Workspace


class Figure(models.TextChoices):
    MOVES = "moves", "Stage moves"  # key: "<to stage id>:<actor>"
    OUTCOMES = "outcomes", "Nurture email outcomes"  # key: the delivery status
    SENT = "sent", "Sent"  # key: the content id, for these four
    REPLIED = "replied", "Replied"
    USEFUL = "useful", "Voted useful"
    NOT_USEFUL = "not_useful", "Voted not useful"


class WeeklyFigure(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="The Monday the week starts, on the workspace's clock.")
    figure = models.CharField(max_length=20, choices=Figure.choices)
    key = models.CharField(max_length=60)
    count = models.PositiveIntegerField()
    # What erased prospects had counted in weeks not rolled yet when they were erased: their
    # rows are gone by the time the week rolls, so readers add these to the rolled or live
    # count. Numbers only, summed over everyone erased that week: nobody can be told apart.
    erased = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "figure", "week", "key", "erased"],
                name="weekly_figure_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.key} in the week of {self.week}: {self.count}"


class RolledWeeks(models.Model):
    """How far a workspace's weekly figures are rolled up: every week before `before`."""

    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    before = models.DateField()

    class Meta:
        verbose_name_plural = "rolled weeks"

    def __str__(self) -> str:
        return f"{self.workspace}: weeks before {self.before}"
