Gem::Specification.new do |s|
  s.name = "shout"
  s.version = "1.0"
  s.summary = "Upper-cases greetings"
  s.authors = ["lsim"]
  s.files = ["lib/shout.rb"]
  s.require_paths = ["lib"]
end
