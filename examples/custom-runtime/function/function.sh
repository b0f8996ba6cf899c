handler() {
  echo "{\"message\":\"Hello from a shell function run by a layer's bootstrap\",\"event\":$1}"
}
