<!DOCTYPE html>
<html>
<head><title>Register</title></head>
<body>
@if ($errors->any())
    <ul class="errors">
        @foreach ($errors->all() as $error)
            <li>{{ $error }}</li>
        @endforeach
    </ul>
@endif
<form method="POST" action="{{ route('register') }}">
    @csrf
    <input id="name" type="text" name="name" value="{{ old('name') }}" required autofocus>
    <input id="email" type="email" name="email" value="{{ old('email') }}" required>
    <input id="password" type="password" name="password" required autocomplete="new-password">
    <input id="password_confirmation" type="password" name="password_confirmation" required>
    <button type="submit">Register</button>
</form>
</body>
</html>
