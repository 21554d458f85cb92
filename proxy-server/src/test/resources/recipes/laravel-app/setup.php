<?php
// Runs the application's migrations, then creates the users given as JSON on stdin with
// Laravel's own Hash (each with the hashing driver named: bcrypt or argon2id); prints them back
// with their ids.
use App\Models\User;
use Illuminate\Contracts\Console\Kernel;
use Illuminate\Support\Facades\Hash;

require __DIR__ . '/bootstrap/autoload.php';
$app = require __DIR__ . '/bootstrap/app.php';
$kernel = $app->make(Kernel::class);
$kernel->bootstrap();
if ($kernel->call('migrate', ['--force' => true]) !== 0) {
    fwrite(STDERR, $kernel->output());
    exit(1);
}

$created = [];
foreach (json_decode(stream_get_contents(STDIN), true) as $spec) {
    $user = User::create([
        'name' => $spec['name'],
        'email' => $spec['email'],
        'password' => Hash::driver($spec['hasher'])->make($spec['password']),
    ]);
    if ($spec['verified']) {
        $user->email_verified_at = $user->created_at;
        $user->save();
    }
    $created[] = [
        'id' => (string) $user->id,
        'digestPrefix' => substr($user->password, 0, 4),
        'createdAt' => $user->created_at->toIso8601ZuluString(),
    ];
}
echo json_encode($created);
