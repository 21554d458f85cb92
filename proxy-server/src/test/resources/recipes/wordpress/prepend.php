<?php
// What Apache's "SetEnv WORDPRESS_CONFIG" does for Debian's wp-config.php (README.Debian): pick
// this test's /etc/wordpress/config-<name>.php instead of one named after the Host header.
$_SERVER['WORDPRESS_CONFIG'] = getenv('WORDPRESS_CONFIG');
