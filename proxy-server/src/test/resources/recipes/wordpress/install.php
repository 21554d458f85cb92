<?php
// Installs Debian's WordPress into the test's empty database, the way the web installer does,
// then creates the users given as JSON on stdin with WordPress's own wp_insert_user (so wp_users
// holds the digests this WordPress makes). Prints them back with their ids.
$url = getenv('TRICKLE_WP_URL');
$_SERVER['HTTP_HOST'] = parse_url($url, PHP_URL_HOST) . ':' . parse_url($url, PHP_URL_PORT);
$_SERVER['WORDPRESS_CONFIG'] = getenv('WORDPRESS_CONFIG');
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require ABSPATH . 'wp-admin/includes/upgrade.php';

wp_install('Trickle recipe test', 'admin', 'admin@example.com', false, '', wp_generate_password(24));
update_option('siteurl', $url);
update_option('home', $url);

$created = [];
foreach (json_decode(stream_get_contents(STDIN), true) as $spec) {
    $id = wp_insert_user([
        'user_login' => $spec['login'],
        'user_email' => $spec['email'],
        'user_pass' => $spec['password'],
        'first_name' => $spec['firstName'],
        'last_name' => $spec['lastName'],
        'role' => 'subscriber',
    ]);
    if (is_wp_error($id)) {
        fwrite(STDERR, $spec['login'] . ': ' . $id->get_error_message() . "\n");
        exit(1);
    }
    $user = get_userdata($id);
    $created[] = [
        'id' => (string) $id,
        'digestPrefix' => substr($user->user_pass, 0, 3),
        'registered' => $user->user_registered,
    ];
}
echo json_encode($created);
