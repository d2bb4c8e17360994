from django.db import migrations, models
from django.db.models import F, Q


def estimate_smtp_attempts(apps, schema_editor):
    """`attempts` counted claims. Rows that reached the wire (sent, failed, or with an SMTP
    error on record) keep that count as their SMTP attempts, an upper bound; the rest
    have never been tried."""
    Delivery = apps.get_model("relationships", "Delivery")
    Delivery.objects.filter(
        Q(status__in=["sent", "failed"]) | ~Q(last_error=""), claims__gt=0
    ).update(smtp_attempts=F("claims"))


class Migration(migrations.Migration):
    dependencies = [
        ("relationships", "0007_coach_day"),
    ]

    operations = [
        migrations.RenameField(model_name="delivery", old_name="attempts", new_name="claims"),
        migrations.AlterField(
            model_name="delivery",
            name="claims",
            field=models.PositiveIntegerField(default=0, help_text="How often it was leased."),
        ),
        migrations.AddField(
            model_name="delivery",
            name="smtp_attempts",
            field=models.PositiveSmallIntegerField(
                default=0, help_text="How often it was handed to the mail server."
            ),
        ),
        migrations.RunPython(estimate_smtp_attempts, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(
                condition=models.Q(("status", "claimed")),
                fields=["lease_until"],
                name="delivery_claimed_lease",
            ),
        ),
    ]
