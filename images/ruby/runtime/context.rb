# frozen_string_literal: true

require 'json'

module LsimRuby
  # The context: object handed to the handler as `context:`.
  class Context
    attr_reader :aws_request_id, :invoked_function_arn, :log_group_name, :log_stream_name,
                :function_name, :memory_limit_in_mb, :function_version, :identity,
                :client_context, :deadline_ms

    def initialize(headers)
      @deadline_ms = headers['lambda-runtime-deadline-ms'].to_i
      @aws_request_id = headers['lambda-runtime-aws-request-id']
      @invoked_function_arn = headers['lambda-runtime-invoked-function-arn']
      @log_group_name = ENV['AWS_LAMBDA_LOG_GROUP_NAME']
      @log_stream_name = ENV['AWS_LAMBDA_LOG_STREAM_NAME']
      @function_name = ENV['AWS_LAMBDA_FUNCTION_NAME']
      @memory_limit_in_mb = ENV['AWS_LAMBDA_FUNCTION_MEMORY_SIZE']
      @function_version = ENV['AWS_LAMBDA_FUNCTION_VERSION']
      @identity = parse_optional(headers['lambda-runtime-cognito-identity'])
      @client_context = parse_optional(headers['lambda-runtime-client-context'])
    end

    def get_remaining_time_in_millis # rubocop:disable Naming/AccessorMethodName
      left = @deadline_ms - Process.clock_gettime(Process::CLOCK_REALTIME, :millisecond)
      left.positive? ? left : 0
    end

    private

    def parse_optional(value)
      return nil if value.nil? || value.empty?

      JSON.parse(value)
    rescue JSON::ParserError
      nil
    end
  end
end
