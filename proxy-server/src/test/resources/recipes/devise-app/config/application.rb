# A Rails application with Devise's stock sign-in, as `rails new` plus `rails generate devise:install`
# and `rails generate devise User` leave it, cut down to the frameworks it uses. Debian's gems are
# loaded without Bundler.
require "active_record/railtie"
require "action_controller/railtie"
require "action_view/railtie"
require "action_mailer/railtie"
require "devise"

module DeviseApp
  class Application < Rails::Application
    config.load_defaults 6.1
    config.root = File.expand_path("..", __dir__)
    config.eager_load = true
    config.cache_classes = true
    config.consider_all_requests_local = false
    config.secret_key_base = ENV.fetch("SECRET_KEY_BASE")
    config.session_store :cookie_store, key: "_devise_app_session"
    config.logger = ActiveSupport::Logger.new($stdout)
    config.log_level = :info
  end
end
