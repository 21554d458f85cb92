<?php
// What vendor/autoload.php does in a Composer install, with Debian's php-laravel-framework as the
// framework and composer.json's PSR-4 mapping for App\.
require_once 'Illuminate/autoload.php';

spl_autoload_register(function (string $class): void {
    if (str_starts_with($class, 'App\\')) {
        $file = __DIR__ . '/../app/' . str_replace('\\', '/', substr($class, 4)) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
