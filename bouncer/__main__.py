from bouncer.cli import main

raise SystemExit(main())
