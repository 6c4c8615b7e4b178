import os
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://localhost/mysite")
