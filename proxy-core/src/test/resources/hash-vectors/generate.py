#!/usr/bin/python3
"""Regenerates vectors.json: digests made by the tools real applications use.

Run on Debian 12 with:
  apt-get install python3-passlib python3-django python3-bcrypt python3-argon2 python3-werkzeug \
      php-cli apache2-utils whois openssl nodejs npm
  (cd /tmp && npm install firebase-scrypt@2.2.0)
  /usr/bin/python3 generate.py > vectors.json

Each entry: tool, format (Trickle's id), digest, password, match, and optional salt, params,
clerk_hasher, clerk_digest. Costs are lowered so the Java tests stay fast. Formats whose tool is
not in Debian 12 (Django 4.2's scrypt, Werkzeug 3's scrypt, Symfony) are built here with the
reference algorithm on hashlib/PHP primitives and say so in "tool".
"""
import base64
import hashlib
import json
import os
import subprocess
import sys

import argon2
import bcrypt
from passlib import hash as ph

PASSWORDS = [
    "password",
    "correct horse battery staple",
    "p\u00e4ssw\u00f6rd \u2713 \u65e5\u672c\u8a9e",  # non-ASCII: UTF-8 bytes
    "\u00fc" * 40 + "tail-after-80-bytes",  # 99 UTF-8 bytes: past bcrypt's 72
]
out = []


def add(tool, fmt, digest, password, match=True, **extra):
    entry = {"tool": tool, "format": fmt, "digest": digest, "password": password, "match": match}
    entry.update(extra)
    out.append(entry)


def both(tool, fmt, digest, password, **extra):
    add(tool, fmt, digest, password, True, **extra)
    add(tool, fmt, digest, "x" + password, False, **extra)
    # bcrypt reads 72 bytes: a longer password matches whatever follows them.
    truncates = fmt in ("bcrypt", "bcrypt_peppered") and len(password.encode()) > 72
    add(tool, fmt, digest, password + "x", truncates, **extra)


def run(*cmd, stdin=None):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, input=stdin).stdout.strip()


def php(code, password):
    return run("php", "-r", code, password)


import django
from django.conf import settings as django_settings

django_settings.configure(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]
)
django.setup()
from django.contrib.auth.hashers import make_password

for pw in PASSWORDS:
    pwb = pw.encode()
    # Django 3.2 itself, default costs (PBKDF2 260 000 iterations, bcrypt 12, argon2 t=2 m=100 MiB p=8).
    d = make_password(pw, hasher="pbkdf2_sha256")
    both("django make_password", "pbkdf2_sha256_django", d, pw, clerk_hasher="pbkdf2_sha256_django", clerk_digest=d)
    d = make_password(pw, hasher="pbkdf2_sha1")
    both("django make_password", "pbkdf2_sha1_django", d, pw, clerk_hasher="pbkdf2_sha1")
    d = make_password(pw, hasher="bcrypt_sha256")
    both("django make_password", "bcrypt_sha256_django", d, pw, clerk_hasher="bcrypt_sha256_django", clerk_digest=d)
    d = make_password(pw, hasher="argon2")
    both("django make_password", "argon2_django", d, pw, clerk_hasher="argon2id", clerk_digest=d[len("argon2"):])
    # bcrypt: python3-bcrypt (OpenBSD C code) and PHP password_hash.
    for prefix in (b"2a", b"2b"):
        d = bcrypt.hashpw(pwb, bcrypt.gensalt(rounds=4, prefix=prefix)).decode()
        both("python3-bcrypt", "bcrypt", d, pw, clerk_hasher="bcrypt", clerk_digest=d)
    # Devise's pepper: bcrypt of password + pepper, the pepper appended in Clerk's layout.
    d = bcrypt.hashpw(pwb + b"devise-pepper", bcrypt.gensalt(rounds=4, prefix=b"2a")).decode() + "$devise-pepper"
    both("python3-bcrypt, Devise pepper", "bcrypt_peppered", d, pw, clerk_hasher="bcrypt_peppered", clerk_digest=d)
    d = php('echo password_hash($argv[1], PASSWORD_BCRYPT, ["cost" => 4]);', pw)
    both("php password_hash", "bcrypt", d, pw, clerk_hasher="bcrypt", clerk_digest="$2b$" + d[4:])
    # WordPress 6.8's wp_hash_password: "$wp" + bcrypt of base64(HMAC-SHA384 keyed "wp-sha384").
    d = php('echo "\\$wp" . password_hash(base64_encode(hash_hmac("sha384", $argv[1], "wp-sha384", true)), PASSWORD_BCRYPT, ["cost" => 4]);', pw)
    both("php password_hash in WordPress 6.8 wp_hash_password layout", "bcrypt_wordpress", d, pw)
    d = php('echo password_hash($argv[1], PASSWORD_ARGON2ID, ["memory_cost" => 1024, "time_cost" => 2, "threads" => 1]);', pw)
    both("php password_hash", "argon2id", d, pw, clerk_hasher="argon2id", clerk_digest=d)
    d = php('echo password_hash($argv[1], PASSWORD_ARGON2I, ["memory_cost" => 1024, "time_cost" => 2, "threads" => 1]);', pw)
    both("php password_hash", "argon2i", d, pw, clerk_hasher="argon2i", clerk_digest=d)
    # argon2-cffi (reference C code), two lanes.
    d = argon2.PasswordHasher(time_cost=2, memory_cost=1024, parallelism=2, type=argon2.Type.ID).hash(pw)
    both("python3-argon2", "argon2id", d, pw, clerk_hasher="argon2id", clerk_digest=d)
    # Django 3.2 hashers through passlib's Django-compatible classes and Django itself below.
    d = ph.django_pbkdf2_sha256.using(rounds=1000).hash(pw)
    both("passlib django_pbkdf2_sha256", "pbkdf2_sha256_django", d, pw, clerk_hasher="pbkdf2_sha256_django", clerk_digest=d)
    d = ph.django_pbkdf2_sha1.using(rounds=1000).hash(pw)
    both("passlib django_pbkdf2_sha1", "pbkdf2_sha1_django", d, pw, clerk_hasher="pbkdf2_sha1")
    d = ph.django_bcrypt_sha256.using(rounds=4).hash(pw)
    both("passlib django_bcrypt_sha256", "bcrypt_sha256_django", d, pw, clerk_hasher="bcrypt_sha256_django", clerk_digest=d)
    d = ph.django_argon2.using(rounds=2, memory_cost=1024, parallelism=1).hash(pw)
    both("passlib django_argon2", "argon2_django", d, pw, clerk_hasher=d.split("$")[1], clerk_digest=d[len("argon2"):])
    # crypt(3) family: mkpasswd (glibc/libxcrypt), htpasswd (APR), passlib.
    d = run("mkpasswd", "-m", "md5crypt", "-s", stdin=pw)
    both("mkpasswd md5crypt", "md5_crypt", d, pw)
    d = run("mkpasswd", "-m", "sha-256", "-R", "1000", "-s", stdin=pw)
    both("mkpasswd sha-256", "sha256_crypt", d, pw)
    d = run("mkpasswd", "-m", "sha-512", "-s", stdin=pw)
    both("mkpasswd sha-512", "sha512_crypt", d, pw)
    d = ph.sha512_crypt.using(rounds=12345).hash(pw)
    both("passlib sha512_crypt", "sha512_crypt", d, pw)
    d = run("htpasswd", "-nbm", "u", pw).split(":", 1)[1]
    both("htpasswd -m", "apr1", d, pw)
    d = run("htpasswd", "-nbs", "u", pw).split(":", 1)[1]
    both("htpasswd -s", "ldap_sha", d, pw, clerk_hasher="ldap_ssha", clerk_digest="{SSHA}" + d[5:])
    # LDAP salted SHA and phpass.
    d = ph.ldap_salted_sha1.hash(pw)
    both("passlib ldap_salted_sha1", "ldap_ssha", d, pw, clerk_hasher="ldap_ssha", clerk_digest=d)
    both("passlib ldap_salted_sha256", "ldap_ssha256", ph.ldap_salted_sha256.hash(pw), pw)
    both("passlib ldap_salted_sha512", "ldap_ssha512", ph.ldap_salted_sha512.hash(pw), pw)
    d = ph.phpass.using(rounds=8).hash(pw)
    both("passlib phpass", "phpass", d, pw, clerk_hasher="phpass", clerk_digest=d)
    d = ph.phpass.using(rounds=9, ident="H").hash(pw)
    both("passlib phpass ident H", "phpass", d, pw, clerk_hasher="phpass", clerk_digest="$P$" + d[3:])
    # Werkzeug 2.2 (Flask) PBKDF2.
    from werkzeug.security import generate_password_hash
    for method in ("pbkdf2:sha256:1000", "pbkdf2:sha512:1000", "pbkdf2:sha1:1000"):
        d = generate_password_hash(pw, method)
        salt, hexhash = d.split("$")[1:]
        expected = {
            "sha256": ("pbkdf2_sha256_django", "pbkdf2_sha256$1000$%s$%s" % (salt, base64.b64encode(bytes.fromhex(hexhash)).decode())),
            "sha512": ("pbkdf2_sha512", "pbkdf2_sha512$1000$%s$%s" % (salt, hexhash)),
            "sha1": ("pbkdf2_sha1", "pbkdf2_sha1$1000$%s$%s$20" % (salt.encode().hex(), hexhash)),
        }[method.split(":")[1]]
        both("werkzeug generate_password_hash", "pbkdf2_werkzeug", d, pw, clerk_hasher=expected[0], clerk_digest=expected[1])
    # Werkzeug 3 scrypt layout and Django 4.2 scrypt layout on hashlib.scrypt (not in Debian 12).
    salt = base64.b64encode(os.urandom(12)).decode().rstrip("=").replace("+", "a").replace("/", "b")
    h = hashlib.scrypt(pwb, salt=salt.encode(), n=1024, r=8, p=1, dklen=64).hex()
    d = "scrypt:1024:8:1$%s$%s" % (salt, h)
    both("hashlib.scrypt in Werkzeug 3 layout", "scrypt_werkzeug", d, pw, clerk_hasher="scrypt_werkzeug", clerk_digest=d)
    h = base64.b64encode(hashlib.scrypt(pwb, salt=salt.encode(), n=1024, r=8, p=2, dklen=64)).decode()
    both("hashlib.scrypt in Django 4.2 layout", "scrypt_django", "scrypt$1024$%s$8$2$%s" % (salt, h), pw)
    # Plain digests: openssl for unsalted, hashlib for the salted ones.
    for alg, fmt in (("md5", "md5"), ("sha1", "sha1"), ("sha256", "sha256"), ("sha512", "sha512")):
        d = run("openssl", "dgst", "-" + alg, "-r", stdin=pw).split()[0]
        clerk = {"clerk_hasher": fmt, "clerk_digest": d} if fmt in ("md5", "sha256") else {}
        both("openssl dgst", fmt, d, pw, **clerk)
    salt = "s4lt-" + os.urandom(3).hex()
    d = hashlib.md5(salt.encode() + pwb).hexdigest()
    both("hashlib", "md5_salted", salt + "$" + d, pw, clerk_hasher="md5_salted", clerk_digest=salt + "$" + d)
    both("hashlib", "md5_salted", d, pw, salt=salt, clerk_hasher="md5_salted", clerk_digest=salt + "$" + d)
    d = hashlib.sha256(salt.encode() + pwb).hexdigest()
    both("hashlib", "sha256_salted", salt + "$" + d, pw, clerk_hasher="sha256_salted", clerk_digest=salt + "$" + d)
    d = hashlib.sha256(pwb + salt.encode()).hexdigest()
    both("hashlib", "sha256_password_salt", d, pw, salt=salt)
    # Clerk's own PBKDF2 layouts on hashlib.pbkdf2_hmac.
    raw_salt = os.urandom(16)
    d = "pbkdf2_sha256$1000$%s$%s" % (base64.b64encode(raw_salt).decode(), base64.b64encode(hashlib.pbkdf2_hmac("sha256", pwb, raw_salt, 1000)).decode())
    both("hashlib.pbkdf2_hmac", "pbkdf2_sha256", d, pw, clerk_hasher="pbkdf2_sha256", clerk_digest=d)
    d = "pbkdf2_sha512$1000$%s$%s" % (salt, hashlib.pbkdf2_hmac("sha512", pwb, salt.encode(), 1000).hex())
    both("hashlib.pbkdf2_hmac", "pbkdf2_sha512", d, pw, clerk_hasher="pbkdf2_sha512", clerk_digest=d)
    d = "pbkdf2_sha512_hex$1000$%s$%s" % (raw_salt.hex(), hashlib.pbkdf2_hmac("sha512", pwb, raw_salt, 1000).hex())
    both("hashlib.pbkdf2_hmac", "pbkdf2_sha512_hex", d, pw, clerk_hasher="pbkdf2_sha512_hex", clerk_digest=d)
    d = "pbkdf2_sha1$1000$%s$%s$32" % (raw_salt.hex(), hashlib.pbkdf2_hmac("sha1", pwb, raw_salt, 1000, 32).hex())
    both("hashlib.pbkdf2_hmac", "pbkdf2_sha1", d, pw, clerk_hasher="pbkdf2_sha1", clerk_digest=d)
    # Symfony MessageDigestPasswordEncoder, its algorithm in PHP (Symfony is not in Debian 12).
    h = run("php", "-r", '$s=$argv[1]."{".$argv[2]."}"; $d=hash("sha512",$s,true); for($i=1;$i<5000;$i++){$d=hash("sha512",$d.$s,true);} echo base64_encode($d);', pw, salt)
    d = "sha512_symfony$5000$%s$%s" % (salt, h)
    both("php hash() in Symfony MessageDigestPasswordEncoder layout", "sha512_symfony", d, pw, clerk_hasher="sha512_symfony", clerk_digest=d)
    both("php hash() in Symfony MessageDigestPasswordEncoder layout", "sha512_symfony", h, pw, salt=salt, clerk_hasher="sha512_symfony", clerk_digest=d)

# Firebase scrypt through the firebase-scrypt npm package.
fb = {"signer_key": base64.b64encode(os.urandom(64)).decode(), "salt_separator": "Bw==", "rounds": "8", "mem_cost": "10"}
script = """
const { FirebaseScrypt } = require('/tmp/fbs/node_modules/firebase-scrypt');
const [key, sep, rounds, mem, pw, salt] = process.argv.slice(1);
new FirebaseScrypt({memCost: +mem, rounds: +rounds, saltSeparator: sep, signerKey: key})
  .hash(pw, salt).then(h => console.log(h));
"""
for pw in PASSWORDS:
    salt = base64.b64encode(os.urandom(16)).decode()
    h = run("node", "-e", script, fb["signer_key"], fb["salt_separator"], fb["rounds"], fb["mem_cost"], pw, salt)
    clerk = "$".join([h, salt, fb["signer_key"], fb["salt_separator"], fb["rounds"], fb["mem_cost"]])
    both("npm firebase-scrypt 2.2.0", "scrypt_firebase", h, pw, salt=salt, params=fb, clerk_hasher="scrypt_firebase", clerk_digest=clerk)
    both("npm firebase-scrypt 2.2.0", "scrypt_firebase", clerk, pw, clerk_hasher="scrypt_firebase", clerk_digest=clerk)

json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
print()
