# The settings `rails generate devise:install` writes that matter to a sign-in, with its defaults.
Devise.setup do |config|
  config.mailer_sender = "please-change-me@example.com"
  require "devise/orm/active_record"
  config.case_insensitive_keys = [:email]
  config.strip_whitespace_keys = [:email]
  config.skip_session_storage = [:http_auth]
  config.stretches = 12
  # The generated file leaves this commented out; the test starts the app with and without one.
  config.pepper = ENV["DEVISE_PEPPER"] if ENV["DEVISE_PEPPER"]
  config.reconfirmable = true
  config.expire_all_remember_me_on_sign_out = true
  config.password_length = 6..128
  config.email_regexp = /\A[^@\s]+@[^@\s]+\z/
  config.reset_password_within = 6.hours
  config.sign_out_via = :delete
end
