<?php

return [
    // Laravel's default; users hashed with argon2id by an earlier setting still log in, since
    // Laravel 8 checks any digest password_verify reads.
    'driver' => 'bcrypt',
    'bcrypt' => ['rounds' => 10],
    'argon' => ['memory' => 65536, 'threads' => 1, 'time' => 4],
];
