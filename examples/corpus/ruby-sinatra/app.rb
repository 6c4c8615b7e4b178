require 'sinatra'
get '/' do
  'hi'
end
