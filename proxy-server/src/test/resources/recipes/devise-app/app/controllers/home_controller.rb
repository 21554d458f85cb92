# Says who the session belongs to, so a test can tell a signed-in browser from a signed-out one.
class HomeController < ApplicationController
  def show
    render plain: user_signed_in? ? "signed in as #{current_user.email}" : "signed out"
  end
end
