module Shout
  def self.greet(name) = "HELLO, #{name.upcase}! (from the shout gem layer)"
end
