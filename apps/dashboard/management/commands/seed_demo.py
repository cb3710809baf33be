from django.core.management.base import BaseCommand

from apps.dashboard.demo import demo_seed


class Command(BaseCommand):
    help = "Creates or resets the demo mentee and mentor, and prints their logins."

    def handle(self, *args, **options):
        logins = demo_seed()
        self.stdout.write(
            self.style.SUCCESS("Demo logins (http://127.0.0.1:8000/accounts/login/):")
        )
        for login in logins:
            self.stdout.write(f"  {login.role:<7} {login.email:<20} password: {login.password}")
