import json

from django.contrib.auth import authenticate, get_user_model, login
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


def home(request):
    if request.user.is_authenticated:
        return HttpResponse("signed in as " + request.user.get_username())
    return HttpResponse("anonymous")


@csrf_exempt
@require_POST
def api_login(request):
    """A typical single-page-app login: JSON in, the user as JSON out, a session cookie set."""
    try:
        data = json.loads(request.body)
        email, password = data["email"], data["password"]
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "email and password required"}, status=400)
    try:
        candidate = get_user_model().objects.get(email__iexact=email)
    except (get_user_model().DoesNotExist, get_user_model().MultipleObjectsReturned):
        return JsonResponse({"error": "invalid credentials"}, status=401)
    user = authenticate(request, username=candidate.get_username(), password=password)
    if user is None:
        return JsonResponse({"error": "invalid credentials"}, status=401)
    login(request, user)
    return JsonResponse(
        {
            "user": {
                "id": user.pk,
                "email": user.email,
                "username": user.get_username(),
                "first_name": user.first_name,
                "last_name": user.last_name,
                "created_at": user.date_joined.isoformat(),
            }
        }
    )
