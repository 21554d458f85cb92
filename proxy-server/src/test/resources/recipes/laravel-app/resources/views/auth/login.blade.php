<!DOCTYPE html>
<html>
<head><title>Log in</title></head>
<body>
@if ($errors->any())
    <ul class="errors">
        @foreach ($errors->all() as $error)
            <li>{{ $error }}</li>
        @endforeach
    </ul>
@endif
<form method="POST" action="{{ route('login') }}">
    @csrf
    <input id="email" type="email" name="email" value="{{ old('email') }}" required autofocus>
    <input id="password" type="password" name="password" required autocomplete="current-password">
    <input id="remember_me" type="checkbox" name="remember">
    <button type="submit">Log in</button>
</form>
</body>
</html>
