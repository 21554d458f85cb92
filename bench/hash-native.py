#!/usr/bin/python3
"""Native baselines for HashVerifyBenchmark: C implementations wrapped by Debian's Python packages.

bcrypt cost 10 (python3-bcrypt, OpenBSD's C code), argon2id m=19 MiB t=2 p=1 (python3-argon2,
the reference C code), PBKDF2-HMAC-SHA256 600 000 iterations (hashlib, OpenSSL). One thread, the
same password as the JMH benchmark; prints the mean and median of timed verifications after a
warm-up. Run: /usr/bin/python3 bench/hash-native.py [seconds-per-case]
"""
import hashlib
import statistics
import sys
import time

import argon2
import bcrypt

PASSWORD = b"correct horse battery staple"
SALT = b"0123456789abcdef"
SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 6.0


def measure(name, fn):
    for _ in range(3):
        fn()
    samples = []
    deadline = time.perf_counter() + SECONDS
    while time.perf_counter() < deadline and len(samples) < 1000:
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    print("%-28s n=%-4d mean %7.2f ms  median %7.2f ms" % (name, len(samples), statistics.mean(samples), statistics.median(samples)))


bcrypt_digest = bcrypt.hashpw(PASSWORD, bcrypt.gensalt(rounds=10))
argon = argon2.PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, type=argon2.Type.ID)
argon_digest = argon.hash(PASSWORD)
pbkdf2_hash = hashlib.pbkdf2_hmac("sha256", PASSWORD, SALT, 600000)

measure("bcrypt cost 10", lambda: bcrypt.checkpw(PASSWORD, bcrypt_digest))
measure("argon2id 19MiB t=2 p=1", lambda: argon.verify(argon_digest, PASSWORD))
measure("pbkdf2-sha256 600k", lambda: hashlib.pbkdf2_hmac("sha256", PASSWORD, SALT, 600000) == pbkdf2_hash)
