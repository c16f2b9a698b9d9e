"""The password hasher: Argon2id with OWASP's parameters (Password Storage Cheat Sheet: 19 MiB of
memory, 2 iterations, parallelism 1), not Django's (100 MiB, 2 iterations, parallelism 8).

Both resist offline guessing alike per unit of work; OWASP's cost ~50 ms and 19 MiB per check on
one core instead of ~0.2–0.5 s and 100 MiB over eight threads. Here a password is typed not only
at login but again for every signature, petition, grant and intimação, by tens of thousands of
users at the same hours: Django's defaults made the password the largest cost of a petition and
let a few hundred concurrent wrong passwords take the memory of a web node. Hashes made with the
old parameters still verify and are rewritten with these at the next successful check (Django's
``must_update``)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2OwaspHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
