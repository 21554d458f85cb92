<?php

namespace App\Http\Controllers;

use App\Http\Requests\LoginRequest;
use App\Providers\RouteServiceProvider;
use Illuminate\Http\Request;
use Illuminate\Routing\Controller;
use Illuminate\Support\Facades\Auth;

class AuthenticatedSessionController extends Controller
{
    public function create()
    {
        return view('auth.login');
    }

    public function store(LoginRequest $request)
    {
        $request->authenticate();
        $request->session()->regenerate();

        return redirect()->intended(RouteServiceProvider::HOME);
    }

    /** Says who the session belongs to, so a test can tell signed-in from signed-out. */
    public function show(Request $request)
    {
        $user = Auth::user();

        return response($user ? 'signed in as ' . $user->email : 'signed out', 200, ['Content-Type' => 'text/plain']);
    }
}
