Gem::Specification.new do |s|
  s.name = 'smokegem'
  s.version = '1.0'
  s.summary = 'lsim smoke test gem'
  s.authors = ['lsim']
  s.files = ['lib/smokegem.rb']
  s.require_paths = ['lib']
end
