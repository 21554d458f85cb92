# Serves the app with WEBrick (Debian's ruby-webrick) on the loopback port the OS picks, and says
# which, so the test can find it.
require "rack"
require "rack/handler/webrick"
require_relative "config/environment"

$stdout.sync = true
Rack::Handler::WEBrick.run(Rails.application, Host: "127.0.0.1", Port: 0, AccessLog: []) do |server|
  puts "Listening on 127.0.0.1:#{server.listeners.first.addr[1]}"
end
