# Does tinynet import on this runtime? (.ci/run step 9 asks MicroPython this first.)
import tinynet

print("import tinynet: ok, backend", tinynet.BACKEND)
