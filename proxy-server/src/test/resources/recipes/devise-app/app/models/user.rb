class User < ActiveRecord::Base
  # The modules `rails generate devise User` enables.
  devise :database_authenticatable, :registerable,
         :recoverable, :rememberable, :validatable
end
