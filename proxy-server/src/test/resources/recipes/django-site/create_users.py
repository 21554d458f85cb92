"""Creates the users given as JSON on stdin with Django's own API; prints them back with ids.

Each user names a hasher from PASSWORD_HASHERS ("default" for whatever Django picks itself), so
auth_user ends up holding real Django digests in several formats.
"""
import json
import sys

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402

created = []
for spec in json.load(sys.stdin):
    user = User.objects.create_user(
        spec["username"],
        spec["email"],
        first_name=spec["firstName"],
        last_name=spec["lastName"],
        is_active=spec["active"],
    )
    if spec["hasher"] == "default":
        user.set_password(spec["password"])
    else:
        user.password = make_password(spec["password"], hasher=spec["hasher"])
    user.save()
    created.append(
        {
            "username": user.username,
            "id": user.pk,
            "digestPrefix": user.password.split("$", 1)[0],
            "dateJoined": user.date_joined.isoformat(),
        }
    )
json.dump(created, sys.stdout)
