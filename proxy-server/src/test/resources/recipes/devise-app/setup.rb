# Migrates the app's database, then creates the users given as JSON on stdin through Devise
# (User.create! hashes with Devise's own encryptor); prints them back with their ids.
require "json"
require_relative "config/environment"

# Standard output carries the answer only.
Rails.logger.level = :warn

ActiveRecord::Migration.verbose = false
ActiveRecord::MigrationContext.new(File.join(__dir__, "db/migrate"), ActiveRecord::SchemaMigration).migrate
created = JSON.parse($stdin.read).map do |spec|
  user = User.create!(email: spec["email"], password: spec["password"])
  {
    id: user.id.to_s,
    digestPrefix: user.encrypted_password[0, 7],
    createdAt: user.created_at.utc.iso8601(6),
  }
end
puts JSON.generate(created)
