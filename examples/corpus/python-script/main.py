import requests
print("hello")
