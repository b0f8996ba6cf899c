# frozen_string_literal: true

# lsim's Ruby runtime: loads _HANDLER ("file.method" or "file.Module::Class.method") from the task
# root and serves invocations from the Lambda Runtime API 2018-06-01. Standard library only.
require 'net/http'
require 'json'
require 'stringio'
require_relative 'errors'
require_relative 'context'
require_relative 'logger_format'

$stdout.sync = true
$stderr.sync = true

module LsimRuby
  # Minimal Runtime API client.
  class RuntimeApi
    def initialize(address)
      host, port = address.split(':', 2)
      @host = host
      @port = Integer(port || 80)
      @base = '/2018-06-01/runtime'
    end

    # Blocks until the next event; returns [headers (downcased keys), body].
    def next_invocation
      http = Net::HTTP.new(@host, @port)
      http.read_timeout = nil # the GET may block for a long time: no client timeout
      resp = http.start { |c| c.get("#{@base}/invocation/next", 'User-Agent' => user_agent) }
      raise "Received #{resp.code} when waiting for next invocation." unless resp.is_a?(Net::HTTPSuccess)

      headers = {}
      resp.each_header { |k, v| headers[k.downcase] = v }
      [headers, resp.body || '']
    end

    def respond(request_id, body, content_type)
      post("#{@base}/invocation/#{request_id}/response", body, 'Content-Type' => content_type)
    end

    def invocation_error(request_id, report)
      post("#{@base}/invocation/#{request_id}/error", JSON.generate(report.document),
           'Content-Type' => 'application/json', 'Lambda-Runtime-Function-Error-Type' => report.header_type)
    end

    def init_error(report)
      post("#{@base}/init/error", JSON.generate(report.document),
           'Content-Type' => 'application/json', 'Lambda-Runtime-Function-Error-Type' => report.header_type)
    end

    private

    def user_agent
      "aws-lambda-ruby/#{ENV['AWS_EXECUTION_ENV']}-lsim"
    end

    def post(path, body, headers)
      Net::HTTP.start(@host, @port) do |c|
        c.post(path, body.to_s, headers.merge('User-Agent' => user_agent))
      end
    end
  end

  # Parses and calls the configured handler.
  class Handler
    attr_reader :file, :method_name, :class_name

    def initialize(spec)
      parts = spec.to_s.split('.')
      case parts.size
      when 2 then @file, @method_name = parts
      when 3 then @file, @class_name, @method_name = parts
      else
        raise ArgumentError, "Invalid handler #{spec}, must be of form FILENAME.METHOD or " \
                             'FILENAME.CLASS.METHOD where FILENAME corresponds with an existing Ruby ' \
                             'source file FILENAME.rb, CLASS is an optional module/class namespace and ' \
                             'METHOD is a callable method. If using CLASS, METHOD must be a class-level method.'
      end
    end

    def load!
      require @file
    end

    def call(event, context)
      target = @class_name ? Kernel.const_get(@class_name) : TOPLEVEL_BINDING.receiver
      target.__send__(@method_name, event: event, context: context)
    end
  end

  # The init + invoke loop.
  class Runner
    EXIT_INIT_ERROR = -4
    EXIT_CRITICAL = -1
    EXIT_RUNTIME = -2

    def initialize
      address = ENV['AWS_LAMBDA_RUNTIME_API']
      if address.nil? || address.empty?
        warn 'Failed to get runtime server address from AWS_LAMBDA_RUNTIME_API env variable'
        exit(EXIT_RUNTIME)
      end
      @api = RuntimeApi.new(address)
      @task_root = ENV['LAMBDA_TASK_ROOT'] || Dir.pwd
    end

    def run
      $LOAD_PATH.unshift(@task_root) unless $LOAD_PATH.include?(@task_root)
      begin
        @handler = Handler.new(ENV['_HANDLER'])
        @handler.load!
      rescue Exception => e # rubocop:disable Lint/RescueException -- LoadError, SyntaxError, anything at load time
        report = Errors::Report.new(e, 'Init')
        log_error(report, "Init error when loading handler #{ENV['_HANDLER']}")
        @api.init_error(report)
        exit(EXIT_INIT_ERROR)
      end
      loop { serve_one }
    rescue StandardError => e # the Runtime API refused /next or went away: end the process
      warn "lsim ruby runtime: #{e.message}"
      exit(EXIT_RUNTIME)
    end

    private

    def serve_one
      headers, body = @api.next_invocation
      request_id = headers['lambda-runtime-aws-request-id']
      LsimRuby.request_id = request_id
      trace = headers['lambda-runtime-trace-id']
      ENV['_X_AMZN_TRACE_ID'] = trace if trace
      event = headers['content-type'] == 'application/json' || headers['content-type'].nil? ? JSON.parse(body) : body
      invoke(request_id, event, Context.new(headers))
    end

    def invoke(request_id, event, context)
      result = @handler.call(event, context)
      if result.is_a?(StringIO) || result.is_a?(IO)
        @api.respond(request_id, result.read, 'application/unknown')
      else
        @api.respond(request_id, result.to_json, 'application/json')
      end
    rescue NoMethodError, NameError => e
      # a missing handler method or class: Lambda reports it on the invoke, then the runtime exits
      fail_invoke(request_id, e, 'Critical exception from handler')
      exit(EXIT_CRITICAL)
    rescue StandardError => e
      fail_invoke(request_id, e, 'Error raised from handler method')
    rescue Exception => e # rubocop:disable Lint/RescueException
      fail_invoke(request_id, e, 'Critical exception from handler')
      exit(EXIT_CRITICAL)
    end

    def fail_invoke(request_id, error, message)
      report = Errors::Report.new(error, 'Function')
      log_error(report, message)
      @api.invocation_error(request_id, report)
    end

    def log_error(report, message)
      $stdout.puts message
      $stdout.puts JSON.pretty_generate(report.document)
    end
  end
end

LsimRuby::Runner.new.run
