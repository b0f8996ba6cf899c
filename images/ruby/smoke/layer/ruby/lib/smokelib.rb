module Smokelib
  def self.hello
    "smokelib #{__FILE__}"
  end
end
