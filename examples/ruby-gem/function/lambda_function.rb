require 'shout'

def lambda_handler(event:, context:)
  { message: Shout.greet(event['name'] || 'world'), gem_path: ENV['GEM_PATH'] }
end
