from flask import Flask
web = Flask(__name__)

if __name__ == "__main__":
    web.run(host="0.0.0.0", port=5050)
