module Smokegem
  def self.hello
    "smokegem #{Gem.loaded_specs['smokegem']&.full_gem_path}"
  end
end
