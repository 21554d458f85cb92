<?php
// What `php artisan serve` gives PHP's server (Illuminate's server.php is not packaged): files
// under public/ as they are, everything else to index.php.
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
if ($path !== '/' && is_file(__DIR__ . $path)) {
    return false;
}
require __DIR__ . '/index.php';
