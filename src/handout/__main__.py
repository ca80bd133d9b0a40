from handout.cli import main

raise SystemExit(main())
