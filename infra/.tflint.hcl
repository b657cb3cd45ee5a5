# Built-in rules only: the AWS ruleset plugin cannot be downloaded on the CI machines.
config {
  call_module_type = "none"
}

plugin "terraform" {
  enabled = true
  preset  = "recommended"
}
